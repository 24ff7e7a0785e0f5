// The entry the runner executes (action.yml's runs.main, bundled).
import * as core from '@actions/core';
import { runAction } from './run-action.js';

const CANCELLED = 130;
const controller = new AbortController();
let signals = 0;
// The runner cancels a job with SIGINT, then SIGTERM: the first aborts the
// deploy (it releases its lock and says so), a second one exits at once.
const onSignal = () => {
  signals++;
  if (signals > 1) process.exit(CANCELLED);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

runAction(controller.signal)
  .catch((error: unknown) => {
    // Only a bug gets here (the CLI turns every failure into an exit code);
    // a stack holds no secret value.
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.error(text, { title: 'swarmlift action: unexpected failure (a bug; please report it)' });
    return 1;
  })
  .then((code) => {
    process.exitCode = code;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
