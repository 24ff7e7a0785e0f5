import type { JobKind } from './job-kind.js';

export interface JobSpecInput {
  name: string;
  labels: Readonly<Record<string, string>>;
  image: string;
  kind: JobKind;
  command: readonly string[];
  entrypoint?: readonly string[] | undefined;
  /** `KEY=value` entries. */
  env: readonly string[];
  /** Full network names. */
  networks: readonly string[];
  constraints?: readonly string[] | undefined;
  stopGracePeriodMs?: number | undefined;
}

/**
 * The Swarm service spec of a one-off job: one task, never restarted, on the
 * given networks. Pure: the caller creates the service with it.
 */
export function jobSpec(input: JobSpecInput): Record<string, unknown> {
  return {
    Name: input.name,
    Labels: { ...input.labels },
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image,
        ...(input.entrypoint
          ? { Command: [...input.entrypoint], Args: [...input.command] }
          : { Args: [...input.command] }),
        Env: [...input.env],
        Labels: { ...input.labels },
        ...(input.stopGracePeriodMs !== undefined
          ? { StopGracePeriod: Math.round(input.stopGracePeriodMs * 1e6) }
          : {}),
      },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      ...(input.constraints?.length ? { Placement: { Constraints: [...input.constraints] } } : {}),
      Networks: input.networks.map((Target) => ({ Target })),
    },
    Mode:
      input.kind === 'replicated-job'
        ? { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } }
        : { Replicated: { Replicas: 1 } },
  };
}
