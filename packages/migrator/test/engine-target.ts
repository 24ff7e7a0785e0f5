/**
 * What each engine the suite runs against does with one-off jobs, by the
 * engine's API version: Debian 12's Docker 20.10 (API 1.41) and Debian 13's
 * docker.io 26.1.5 (API 1.45, the second target: SWARMLIFT_TESTENV_FILE).
 * Written out per engine rather than computed, so a test asserts the engine's
 * own behaviour and an unknown engine fails instead of passing by arithmetic.
 */
export interface EngineTarget {
  apiVersion: string;
  /** Whether removing a ReplicatedJob service removes its task records (moby/moby#44312). */
  removesJobTasks: boolean;
  /** The kind `jobKind: 'auto'` must choose there, and the Mode it creates. */
  autoJobKind: 'replicated-job' | 'replicated';
  autoMode: unknown;
}

const TARGETS: readonly EngineTarget[] = [
  {
    apiVersion: '1.41',
    removesJobTasks: false,
    autoJobKind: 'replicated',
    autoMode: { Replicated: { Replicas: 1 } },
  },
  {
    apiVersion: '1.45',
    removesJobTasks: true,
    autoJobKind: 'replicated-job',
    autoMode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
  },
];

export function engineTarget(version: { ApiVersion?: string }): EngineTarget {
  const target = TARGETS.find((t) => t.apiVersion === version.ApiVersion);
  if (!target)
    throw new Error(
      `engine API ${version.ApiVersion} is not a target this suite knows (${TARGETS.map((t) => t.apiVersion).join(', ')}): add what it does to test/engine-target.ts`,
    );
  return target;
}
