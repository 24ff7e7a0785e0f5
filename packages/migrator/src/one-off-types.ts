import type { CredentialsOption } from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import type { OnMigratorEvent } from './events.js';
import type { JobKind } from './job-kind.js';
import type { OnLog } from './log-collector.js';

export interface RunOneOffOptions {
  /** The manager session from `@swarmlift/remote`'s `connect()` (only its `docker` is used). */
  remote: DockerRemote;
  /** The image to run, normally the one just deployed (`registry/name:sha`). */
  image: string;
  /** argv of the command, e.g. `['python', 'manage.py', 'migrate', '--noinput']`. Never a shell string. */
  command: readonly string[];
  /** Replaces the image's entrypoint (e.g. `[]` to skip a wait-for-db script). */
  entrypoint?: readonly string[] | undefined;
  /** Variables as an object; applied on top of `envFile`. Values never go on a command line or into an event. */
  env?: Record<string, string | undefined> | undefined;
  /** A local env file in Docker's format, e.g. the one @swarmlift/env-writer wrote for the stack. */
  envFile?: string | undefined;
  /** The stack the run belongs to: its networks are joined and the job is labelled with it. */
  stack?: string | undefined;
  /** The stack's networks to join, by their compose names (default `['default']` when `stack` is set). */
  networks?: readonly string[] | undefined;
  /** Networks to join by their full names, used as they are (e.g. an external network). */
  externalNetworks?: readonly string[] | undefined;
  /** A short label for the run's name (`<stack>_<name>-<random>`); default `one-off`. */
  name?: string | undefined;
  /**
   * `job` (default): a Swarm replicated job, scheduled on any node that can run it.
   * `container`: a plain container on the manager, like the guide's `docker run --rm`.
   */
  mode?: 'job' | 'container' | undefined;
  /** Container mode only: the network to run on (`host`, `bridge`, a network name); default the stack's first network. */
  networkMode?: string | undefined;
  /**
   * Job mode only: `replicated-job` (Swarm's `Mode.ReplicatedJob`), `replicated`
   * (one replica, restart condition none) or `auto` (default): `replicated-job`
   * on Docker 24+ (API 1.43), `replicated` before, because older engines leave
   * a removed job's task and container behind (moby/moby#44312).
   */
  jobKind?: JobKind | 'auto' | undefined;
  /**
   * Job mode only: pin the tag to its current digest through the registry
   * before creating the job (default true), as `docker service create` does.
   * A node that has the image then skips the pull.
   */
  resolveImage?: boolean | undefined;
  /** Job mode only: placement constraints, e.g. `['node.role==manager']`. */
  constraints?: readonly string[] | undefined;
  /**
   * How long the command gets after SIGTERM when it is stopped (timeout,
   * cancellation) before it is killed; default Docker's 10 s.
   */
  stopGracePeriodMs?: number | undefined;
  /** Default 10 minutes. Then ONE_OFF_TIMEOUT (a TimedOutError as its cause), and the job or container is removed. */
  timeoutMs?: number | undefined;
  /**
   * Registry credentials for pulling the image: what `registryCredentials()`
   * or `readRegistryCredentials()` from @swarmlift/core returns, one or a
   * list (the one for the image's registry is used). Sent as X-Registry-Auth,
   * so each node pulls with them; never logged. Anything else is an
   * OptionsError, never a silent anonymous pull.
   */
  credentials?: CredentialsOption | undefined;
  /** Every log line as it arrives (stdout and stderr). */
  onLog?: OnLog | undefined;
  onEvent?: OnMigratorEvent | undefined;
  /** Aborting stops the run (ONE_OFF_ABORTED, a CancelledError as its cause) and removes the job or container. */
  signal?: AbortSignal | undefined;
  /** Default true: a non-zero exit code throws ONE_OFF_FAILED. With false it is returned. */
  reject?: boolean | undefined;
  /** How many log lines an error carries; default 30. */
  tailLines?: number | undefined;
  /** Job mode: how often the task is polled; default 50 ms. */
  pollIntervalMs?: number | undefined;
  /** Job mode: how long "no suitable node" is tolerated before NO_SUITABLE_NODE; default 10 s. */
  unschedulableAfterMs?: number | undefined;
  /** More values to hide in logs and errors (values of env keys that look secret are hidden anyway). */
  secrets?: readonly string[] | undefined;
  /** Extra labels for the job or container. */
  labels?: Record<string, string> | undefined;
}

export interface RunOneOffResult {
  exitCode: number;
  /** stdout and stderr lines, joined with "\n", in the order received. */
  logs: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The Swarm task ID (job mode) or the container ID (container mode). */
  taskId: string;
  /** The host name of the node the command ran on. */
  node: string;
  /** The job service's or container's name. */
  name: string;
  mode: 'job' | 'container';
  /** Job mode: the image the job ran (pinned to its digest when the registry answered). */
  image?: string | undefined;
  /** Job mode: how the job was expressed to Swarm. */
  jobKind?: JobKind | undefined;
}
