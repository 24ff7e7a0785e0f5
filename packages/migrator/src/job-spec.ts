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
 * Swarm's ContainerSpec.Command replaces the image's ENTRYPOINT, but an empty
 * Command counts as unset (the image's entrypoint runs). So an empty
 * `entrypoint` — "no entrypoint" — makes the command's first word the
 * Command and the rest its Args, as `docker run --entrypoint` does.
 */
export function commandFields(
  entrypoint: readonly string[] | undefined,
  command: readonly string[],
): { Command?: string[]; Args: string[] } {
  if (entrypoint === undefined) return { Args: [...command] };
  if (entrypoint.length > 0) return { Command: [...entrypoint], Args: [...command] };
  return { Command: command.slice(0, 1), Args: command.slice(1) };
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
        ...commandFields(input.entrypoint, input.command),
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
