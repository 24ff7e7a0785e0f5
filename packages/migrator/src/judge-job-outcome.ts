import type { JobTaskOutcome } from './judge-job-task.js';

/** Swarm's task error text when the node could not get the image. */
const PULL_ERROR =
  /no such image|pull access denied|manifest unknown|manifest for .* not found|unauthorized|authentication required|no basic auth credentials|repository does not exist/i;

const CREDENTIALS_HINT =
  'Check that the image tag was pushed and that `credentials` hold credentials for its registry (each node pulls with them).';

export type JobFailureCode =
  | 'ONE_OFF_NO_SUITABLE_NODE'
  | 'ONE_OFF_IMAGE_PULL_FAILED'
  | 'ONE_OFF_LOST'
  | 'ONE_OFF_START_FAILED';

/** How a job ended: the command ran and exited, or the run failed before that. */
export type JobVerdict =
  | { kind: 'exited'; exitCode: number }
  | {
      kind: 'failed';
      code: JobFailureCode;
      message: string;
      hint: string;
      exitCode: number | undefined;
    };

/**
 * Decides what a job's final task state means. A task that failed with
 * "non-zero exit" ran the command: its exit code is the answer (the caller
 * decides whether a non-zero one throws). Anything else is a failure of the
 * run itself. Pure.
 */
export function judgeJobOutcome(
  outcome: JobTaskOutcome,
  context: { name: string; image: string },
): JobVerdict {
  const { exitCode } = outcome;
  if (outcome.kind === 'complete') return { kind: 'exited', exitCode: exitCode ?? 0 };
  const reason = outcome.error || outcome.message || outcome.state;
  if (
    outcome.kind === 'failed' &&
    exitCode !== undefined &&
    exitCode !== 0 &&
    /non-zero exit/i.test(reason)
  )
    return { kind: 'exited', exitCode };
  const failed = (code: JobFailureCode, message: string, hint: string): JobVerdict => ({
    kind: 'failed',
    code,
    message,
    hint,
    exitCode: code === 'ONE_OFF_NO_SUITABLE_NODE' ? undefined : exitCode,
  });
  if (outcome.kind === 'unschedulable')
    return failed(
      'ONE_OFF_NO_SUITABLE_NODE',
      `No node can run ${context.name}: ${reason}`,
      'Check the placement constraints, node availability (drained or paused nodes) and resource reservations; `docker node ls` shows the nodes.',
    );
  if (PULL_ERROR.test(reason))
    return failed(
      'ONE_OFF_IMAGE_PULL_FAILED',
      `The node could not pull ${context.image}: ${reason}`,
      CREDENTIALS_HINT,
    );
  if (outcome.kind === 'lost')
    return failed(
      'ONE_OFF_LOST',
      `The task of ${context.name} ended as "${outcome.state}" before it finished: ${reason}`,
      'Swarm stopped the task (node lost, or the job was removed by someone else, e.g. a `docker stack rm` or a deploy with --prune); run it again.',
    );
  return failed(
    'ONE_OFF_START_FAILED',
    `${context.name} could not start: ${reason}`,
    'The container did not start: check the command (is the executable in the image?), the entrypoint and the env.',
  );
}
