#!/usr/bin/env node
// The swarmlift-wait bin (dist/cli.js): core's runBin wires process argv, env,
// streams and SIGINT/SIGTERM to run().
import { runBin } from '@swarmlift/core';
import { run } from './run.js';

runBin(run);
