import { describe, expect, it } from 'vitest';
import { judgeJobOutcome } from './judge-job-outcome.js';
import type { JobTaskOutcome } from './judge-job-task.js';

const context = { name: 'shop_migrate-abc123', image: 'registry.example.com/shop:abc1234' };
const outcome = (over: Partial<JobTaskOutcome>): JobTaskOutcome => ({
  kind: 'failed',
  taskId: 't1',
  nodeId: 'n1',
  state: 'failed',
  exitCode: undefined,
  error: undefined,
  message: '',
  ...over,
});

describe('judgeJobOutcome', () => {
  it('a complete task exited 0', () => {
    expect(judgeJobOutcome(outcome({ kind: 'complete', state: 'complete' }), context)).toEqual({
      kind: 'exited',
      exitCode: 0,
    });
  });

  it('a non-zero exit is an answer, not a failure of the run', () => {
    expect(
      judgeJobOutcome(outcome({ exitCode: 3, error: 'task: non-zero exit (3)' }), context),
    ).toEqual({ kind: 'exited', exitCode: 3 });
  });

  it('a task that never found a node is ONE_OFF_NO_SUITABLE_NODE', () => {
    expect(
      judgeJobOutcome(
        outcome({ kind: 'unschedulable', state: 'pending', error: 'no suitable node (x)' }),
        context,
      ),
    ).toMatchObject({
      kind: 'failed',
      code: 'ONE_OFF_NO_SUITABLE_NODE',
      message: `No node can run ${context.name}: no suitable node (x)`,
      exitCode: undefined,
    });
  });

  it.each([
    'No such image: registry.example.com/shop:abc1234',
    'pull access denied for shop',
    'manifest unknown',
    'no basic auth credentials',
  ])('"%s" is ONE_OFF_IMAGE_PULL_FAILED naming the image', (error) => {
    const verdict = judgeJobOutcome(
      outcome({ kind: 'rejected', state: 'rejected', error }),
      context,
    );
    expect(verdict).toMatchObject({ kind: 'failed', code: 'ONE_OFF_IMAGE_PULL_FAILED' });
    expect(verdict.kind === 'failed' && verdict.message).toContain(context.image);
  });

  it('a task shut down before it finished is ONE_OFF_LOST', () => {
    expect(
      judgeJobOutcome(outcome({ kind: 'lost', state: 'shutdown', message: 'shutdown' }), context),
    ).toMatchObject({ code: 'ONE_OFF_LOST', message: expect.stringContaining('"shutdown"') });
  });

  it("anything else is ONE_OFF_START_FAILED with Swarm's reason", () => {
    const verdict = judgeJobOutcome(
      outcome({
        kind: 'rejected',
        state: 'rejected',
        exitCode: 127,
        error: 'starting container failed: exec: "nope": not found',
      }),
      context,
    );
    expect(verdict).toMatchObject({ code: 'ONE_OFF_START_FAILED', exitCode: 127 });
    expect(verdict.kind === 'failed' && verdict.message).toContain('exec: "nope"');
  });

  it('falls back to the message, then the state, for the reason', () => {
    expect(judgeJobOutcome(outcome({ kind: 'lost', state: 'orphaned' }), context)).toMatchObject({
      message: expect.stringContaining(': orphaned'),
    });
  });
});
