import { describe, expect, it } from 'vitest';
import { decideStatus } from './decide-status.js';
import type { Verdict } from './judge-service.js';
import type { WaitTarget } from './resolve-targets.js';

const judge = (id: string): WaitTarget => ({
  kind: 'judge',
  id,
  name: `app_${id}`,
  expectation: { action: 'current' },
});
const verdict = (outcome: Verdict['outcome']): Verdict => ({
  outcome,
  running: 1,
  desired: 1,
  updateState: undefined,
  reason: undefined,
  failedTaskIds: [],
  stableSince: undefined,
  recheckAt: undefined,
});
const decide = (
  outcomes: Record<string, Verdict['outcome'] | undefined>,
  extra: WaitTarget[] = [],
  rollbackIsSuccess = false,
) =>
  decideStatus({
    targets: [...Object.keys(outcomes).map(judge), ...extra],
    verdicts: new Map(
      Object.entries(outcomes).flatMap(([id, outcome]) =>
        outcome ? [[id, verdict(outcome)] as const] : [],
      ),
    ),
    rollbackIsSuccess,
  });

describe('decideStatus', () => {
  it('goes on while a service is pending or not judged yet', () => {
    expect(decide({ web: 'converged', worker: 'pending' })).toBeUndefined();
    expect(decide({ web: 'converged', worker: undefined })).toBeUndefined();
  });

  it('converges when every judged service converged; untouched services do not count', () => {
    const unchanged: WaitTarget = { kind: 'unchanged', id: 'db', name: 'app_db' };
    expect(decide({ web: 'converged', worker: 'converged' }, [unchanged])).toBe('converged');
  });

  it('ends at the first failure, and a service missing from the record fails the wait', () => {
    expect(decide({ web: 'failed', worker: 'pending' })).toBe('failed');
    const missing: WaitTarget = { kind: 'missing', id: 'x', name: 'app_x' };
    expect(decide({ web: 'pending' }, [missing])).toBe('failed');
  });

  it('ends at a rollback, or with rollbackIsSuccess waits for the others first', () => {
    expect(decide({ web: 'rolled_back', worker: 'pending' })).toBe('rolled_back');
    expect(decide({ web: 'rolled_back', worker: 'pending' }, [], true)).toBeUndefined();
    expect(decide({ web: 'rolled_back', worker: 'converged' }, [], true)).toBe('rolled_back');
    expect(decide({ web: 'rolled_back', worker: 'failed' }, [], true)).toBe('failed');
  });
});
