import { describe, expect, it } from 'vitest';
import { BASE_ALLOWANCE_MS, defaultTimeoutMs, TASK_START_ALLOWANCE_MS } from './default-timeout.js';
import type { EngineService } from './engine-types.js';

const svc = (spec: Partial<EngineService['Spec']>): EngineService => ({ ID: 'x', Spec: spec });

describe('defaultTimeoutMs', () => {
  it('uses Swarm defaults (parallelism 1, no delay, 5 s monitor) for update and rollback', () => {
    const oneReplica = svc({ Mode: { Replicated: { Replicas: 1 } } });
    expect(defaultTimeoutMs([oneReplica])).toBe(
      BASE_ALLOWANCE_MS + 2 * (5_000 + TASK_START_ALLOWANCE_MS),
    );
  });

  it('counts batches of parallelism with their delay and monitor, and takes the slowest service', () => {
    const web = svc({
      Mode: { Replicated: { Replicas: 4 } },
      UpdateConfig: { Parallelism: 2, Delay: 10e9, Monitor: 1e9 },
      RollbackConfig: { Parallelism: 0, Monitor: 1e9 },
    });
    const update = 2 * (10_000 + 1_000 + TASK_START_ALLOWANCE_MS);
    const rollback = 1 * (1_000 + TASK_START_ALLOWANCE_MS);
    const small = svc({ Mode: { Replicated: { Replicas: 1 } }, UpdateConfig: { Monitor: 1e9 } });
    expect(defaultTimeoutMs([small, web])).toBe(BASE_ALLOWANCE_MS + update + rollback);
  });
});
