import { credentialsFor } from '@swarmlift/core';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { runContainer } from './run-container.js';
import { RunContext } from './run-context.js';
import { runJob } from './run-job.js';

/**
 * Runs one command with an image — by default as a Swarm replicated job on
 * the stack's networks — streams its logs to `onLog` and returns its exit
 * code. The job or container is removed afterwards on every path (success,
 * failure, timeout, cancellation). A non-zero exit throws ONE_OFF_FAILED with
 * the exit code and the last log lines, unless `reject: false`.
 */
export async function runOneOff(options: RunOneOffOptions): Promise<RunOneOffResult> {
  const ctx = await RunContext.create(options);
  if (options.credentials !== undefined && !credentialsFor(options.credentials, options.image))
    options.onEvent?.({
      type: 'warning',
      code: 'ONE_OFF_NO_CREDENTIALS',
      message: `None of the credentials given are for the registry of ${options.image}: it is pulled anonymously`,
      stack: options.stack,
      image: options.image,
    });
  return (options.mode ?? 'job') === 'job' ? runJob(ctx) : runContainer(ctx);
}
