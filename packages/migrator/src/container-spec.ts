export interface ContainerSpecInput {
  name: string;
  labels: Readonly<Record<string, string>>;
  image: string;
  command: readonly string[];
  entrypoint?: readonly string[] | undefined;
  /** `KEY=value` entries. */
  env: readonly string[];
  /** The network the container starts on (`host`, `bridge`, a network name); others are connected later. */
  network: string | undefined;
  stopGracePeriodMs?: number | undefined;
}

/** The create body of a one-off container, attached for its output. Pure. */
export function containerSpec(input: ContainerSpecInput): Record<string, unknown> {
  return {
    name: input.name,
    Image: input.image,
    Cmd: [...input.command],
    ...(input.entrypoint ? { Entrypoint: [...input.entrypoint] } : {}),
    Env: [...input.env],
    Labels: { ...input.labels },
    ...(input.stopGracePeriodMs !== undefined
      ? { StopTimeout: Math.ceil(input.stopGracePeriodMs / 1000) }
      : {}),
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: { ...(input.network ? { NetworkMode: input.network } : {}) },
  };
}
