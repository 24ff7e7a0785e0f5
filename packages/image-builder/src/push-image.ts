import type { Readable } from 'node:stream';
import {
  type CredentialsOption,
  checkCredentialsOption,
  checkFunction,
  checkSignal,
  checkTimeoutMs,
  credentialsFor,
  engineAuthConfig,
  engineMessage,
  engineStatusCode,
  familiarName,
  parseImageReference,
  type SwarmliftError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import { checkOptionsObject, checkTagReference } from './check-options.js';
import { engineFailure } from './engine-failure.js';
import { ImageBuilderError, RegistryAuthError, RegistryUnreachableError } from './errors.js';
import type { PushEvent } from './events.js';
import { lineError, readJsonLines } from './json-lines.js';

export interface PushImageOptions {
  /** The engine that holds the image: what `connect()` from `@swarmlift/remote` returns. */
  remote: DockerRemote;
  /** `host[:port]/path[:tag]` (tag `latest` when left out); the engine must have an image with exactly this reference (e.g. from `buildImage`). */
  image: string;
  /**
   * Credentials: core's `registryCredentials`/`readRegistryCredentials`, one
   * or a list; the entry for the image's registry is used. Anonymous when
   * none applies.
   */
  credentials?: CredentialsOption | undefined;
  onEvent?: ((event: PushEvent) => void) | undefined;
  /** Aborting stops the push; rejects with core's CancelledError. */
  signal?: AbortSignal | undefined;
  /** Limit for the whole push; past it the push is stopped and the call rejects with core's TimedOutError. Default: none. */
  timeoutMs?: number | undefined;
}

export interface PushImageResult {
  /** The reference pushed, `name:tag`. */
  image: string;
  /** `sha256:…` manifest digest, from the push stream's `aux` line. */
  digest: string;
  /** `name@digest`, the reference to deploy for a pinned image. */
  pinned: string;
  size: number | undefined;
  durationMs: number;
}

/** Classifies an error line of a push stream (or the engine's refusal) into this package's errors. */
export function pushFailure(
  registry: string,
  image: string,
  reason: string,
  cause?: unknown,
): ImageBuilderError {
  if (
    /unauthorized|authentication required|no basic auth credentials|denied|insufficient_scope|forbidden/i.test(
      reason,
    )
  ) {
    return new RegistryAuthError({ registry, reason: reason.trim(), cause });
  }
  if (
    /no such host|connection refused|i\/o timeout|network is unreachable|server misbehaving|dial tcp|TLS handshake timeout/i.test(
      reason,
    )
  ) {
    return new RegistryUnreachableError({ registry, reason: reason.trim(), cause });
  }
  return new ImageBuilderError({
    code: 'IMAGE_PUSH_FAILED',
    message: `Pushing ${image} failed: ${reason.trim()}`,
    hint: 'Check the registry (disk space, size limits, availability) and try again.',
    cause,
  });
}

/** Checks `pushImage`'s options; throws core's OptionsError (or ImageReferenceError for `image`). */
export function checkPushImageOptions(options: PushImageOptions): void {
  checkOptionsObject(options, 'pushImage({ remote, image })');
  checkRemote(options.remote);
  checkTagReference(options.image, 'image');
  checkCredentialsOption(options.credentials, 'credentials');
  checkFunction(options.onEvent, 'onEvent');
  checkSignal(options.signal);
  checkTimeoutMs(options.timeoutMs);
}

/**
 * Pushes one tag through the Engine API and returns the manifest digest.
 * Every stream line is checked; `REGISTRY_AUTH_FAILED`,
 * `REGISTRY_UNREACHABLE` or `IMAGE_PUSH_FAILED` on an error line,
 * `IMAGE_ENGINE_UNREACHABLE` when the engine cannot be reached, core's
 * CancelledError/TimedOutError when aborted or past `timeoutMs`.
 */
export async function pushImage(options: PushImageOptions): Promise<PushImageResult> {
  checkPushImageOptions(options);
  throwIfAborted(options.signal);
  const started = performance.now();
  const reference = parseImageReference(options.image, 'image');
  const tag = reference.tag ?? 'latest';
  const name = familiarName(reference);
  const image = `${name}:${tag}`;
  const emit = options.onEvent ?? (() => {});
  const credentials = credentialsFor(options.credentials, reference.registry);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `Pushing ${image}`,
  });
  const signal = deadline.signal;
  const fail = (error: unknown): SwarmliftError =>
    engineFailure(error, {
      signal,
      action: `push ${image}`,
      otherwise: (cause) =>
        engineStatusCode(cause) === 404
          ? new ImageBuilderError({
              code: 'IMAGE_PUSH_FAILED',
              message: `Pushing ${image} failed: the engine has no image tagged ${image}`,
              hint: 'Build (or tag) the image with exactly this reference first.',
              cause,
            })
          : pushFailure(reference.registry, image, engineMessage(cause), cause),
    });
  let stream: Readable | undefined;
  const stop = () => stream?.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    stream = (await options.remote.docker.getImage(name).push({
      tag,
      // Anonymous pushes still name the server: the engine wants an X-Registry-Auth header.
      authconfig: engineAuthConfig(credentials) ?? {
        serveraddress: reference.registry,
      },
      ...(signal ? { abortSignal: signal } : {}),
    })) as Readable;
    const response = stream;
    if (signal?.aborted) stop();
    let digest: string | undefined;
    let size: number | undefined;
    await readJsonLines(response, (line) => {
      const error = lineError(line);
      if (error !== undefined) throw pushFailure(reference.registry, image, error);
      const aux = line.aux as { Digest?: unknown; Size?: unknown } | undefined;
      if (aux && typeof aux.Digest === 'string') {
        digest = aux.Digest;
        if (typeof aux.Size === 'number') size = aux.Size;
      }
      if (typeof line.id === 'string' && typeof line.status === 'string') {
        const detail = line.progressDetail as { current?: number; total?: number } | undefined;
        emit({
          type: 'push_layer',
          image,
          layer: line.id,
          status: line.status,
          ...(typeof detail?.current === 'number' ? { current: detail.current } : {}),
          ...(typeof detail?.total === 'number' ? { total: detail.total } : {}),
        });
      }
    });
    if (!digest) {
      throw new ImageBuilderError({
        code: 'IMAGE_PUSH_FAILED',
        message: `Pushing ${image} ended without a digest from the registry`,
        hint: 'The push stream carried no aux Digest line; check the engine and registry logs.',
      });
    }
    const durationMs = Math.round(performance.now() - started);
    emit({ type: 'push_done', image, digest, durationMs });
    return { image, digest, pinned: `${name}@${digest}`, size, durationMs };
  } catch (error) {
    stop();
    throw fail(error);
  } finally {
    signal?.removeEventListener('abort', stop);
    deadline.dispose();
  }
}
