#!/usr/bin/env node
// The swarmlift-stack executable: a thin shell around runCli.
import { runCli } from './main.js';

runCli(process.argv.slice(2), process.env, {
  stdout: (text) => {
    if (text) process.stdout.write(text);
  },
  stderr: (text) => {
    if (text) process.stderr.write(text);
  },
}).then((code) => {
  process.exitCode = code;
});
