import {
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  STACK_IMAGE_LABEL,
  stackFilter,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { engineRequest } from './engine-request.js';

export interface ReadServiceSpecsOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  stack: string;
  signal?: AbortSignal | undefined;
  /** Default 60 s; TimedOutError past it. */
  timeoutMs?: number | undefined;
}

/** One service of the stack as the engine stores it. */
export interface ServiceSpecEntry {
  /** Full Swarm service name. */
  name: string;
  id: string;
  /** Version.Index. */
  version: number;
  /** The image as the compose file wrote it (the `com.docker.stack.image` label), else the spec's image. */
  image: string;
  /** The digest pinned in the spec's image, when there is one. */
  digest?: string | undefined;
  /** The full ServiceSpec (it holds environment values: never print it). */
  spec: Docker.ServiceSpec;
}

export interface ServiceSpecs {
  stack: string;
  /** Sorted by name. */
  services: ServiceSpecEntry[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The stack's services with their full specs, as the engine stores them (one
 * list call). Read right after applyPlan, they are what the deploy record
 * keeps for a later rollback.
 */
export async function readServiceSpecs(options: ReadServiceSpecsOptions): Promise<ServiceSpecs> {
  const { docker } = checkRemote(options?.remote);
  const stack = checkStackName(options.stack);
  checkSignal(options.signal);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `reading the service specs of stack ${stack}`,
  });
  const { signal } = deadline;
  try {
    const listed = await engineRequest(
      `list the services of stack ${stack}`,
      () =>
        docker.listServices({
          filters: stackFilter(stack),
          abortSignal: signal,
        } as Docker.ServiceListOptions),
      signal,
    );
    const services = listed
      .filter((service) => service.Spec?.Name)
      .map((service): ServiceSpecEntry => {
        const spec = service.Spec as Docker.ServiceSpec;
        const template = spec.TaskTemplate as Docker.ContainerTaskSpec | undefined;
        const deployImage = template?.ContainerSpec?.Image ?? '';
        const digest = /@(sha256:[0-9a-f]{64})$/.exec(deployImage)?.[1];
        return {
          name: spec.Name as string,
          id: service.ID,
          version: service.Version?.Index ?? 0,
          image: spec.Labels?.[STACK_IMAGE_LABEL] ?? deployImage,
          ...(digest ? { digest } : {}),
          spec,
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { stack, services };
  } finally {
    deadline.dispose();
  }
}
