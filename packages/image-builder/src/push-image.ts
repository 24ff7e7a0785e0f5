import type Docker from 'dockerode';
import { engineMessage } from './build-image.js';
import { ImageBuilderError, RegistryAuthError, RegistryUnreachableError } from './errors.js';
import type { PushEvent } from './events.js';
import { parseImageRef } from './image-ref.js';
import { lineError, readJsonLines } from './json-lines.js';
import { type RegistryCredentials, toEngineAuth } from './registry-auth.js';

export interface PushImageOptions {
  docker: Docker;
  /** `host[:port]/path:tag`; the image must carry this tag on the engine (e.g. from `buildImage`). */
  ref: string;
  /** Credentials from `registryAuth`; anonymous when omitted. */
  auth?: RegistryCredentials;
  onEvent?: (event: PushEvent) => void;
  signal?: AbortSignal;
}

export interface PushImageResult {
  ref: string;
  /** `sha256:…` manifest digest, from the push stream's `aux` line. */
  digest: string;
  /** `name@digest`, the reference to deploy for a pinned image. */
  pinned: string;
  size: number | undefined;
  durationMs: number;
}

/** Classifies an error line of a push stream into this package's errors. */
export function pushFailure(registry: string, ref: string, reason: string): ImageBuilderError {
  if (
    /unauthorized|authentication required|no basic auth credentials|denied|insufficient_scope|forbidden/i.test(
      reason,
    )
  ) {
    return new RegistryAuthError({ registry, reason: reason.trim() });
  }
  if (
    /no such host|connection refused|i\/o timeout|network is unreachable|server misbehaving|dial tcp|TLS handshake timeout/i.test(
      reason,
    )
  ) {
    return new RegistryUnreachableError({ registry, reason: reason.trim() });
  }
  return new ImageBuilderError({
    code: 'IMAGE_PUSH_FAILED',
    message: `Pushing ${ref} failed: ${reason.trim()}`,
    hint: 'Check the registry (disk space, size limits, availability) and try again.',
  });
}

/**
 * Pushes one tag through the Engine API and returns the manifest digest.
 * Every stream line is checked; `REGISTRY_AUTH_FAILED`,
 * `REGISTRY_UNREACHABLE` or `IMAGE_PUSH_FAILED` on an error line.
 */
export async function pushImage(options: PushImageOptions): Promise<PushImageResult> {
  const started = performance.now();
  const parsed = parseImageRef(options.ref);
  const emit = options.onEvent ?? (() => {});
  const image = options.docker.getImage(parsed.name);
  const auth = toEngineAuth(options.auth ?? { registry: parsed.registry, source: 'anonymous' });
  let stream: NodeJS.ReadableStream;
  try {
    stream = await image.push({
      tag: parsed.tag,
      authconfig: auth,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) {
      throw new ImageBuilderError({
        code: 'IMAGE_PUSH_FAILED',
        message: `Pushing ${parsed.ref} failed: the engine has no image tagged ${parsed.ref}`,
        hint: 'Build (or tag) the image with exactly this reference first.',
      });
    }
    throw pushFailure(parsed.registry, parsed.ref, engineMessage(error));
  }
  let digest: string | undefined;
  let size: number | undefined;
  await readJsonLines(stream as NodeJS.ReadableStream & import('node:stream').Readable, (line) => {
    const error = lineError(line);
    if (error !== undefined) throw pushFailure(parsed.registry, parsed.ref, error);
    const aux = line.aux as { Digest?: unknown; Size?: unknown } | undefined;
    if (aux && typeof aux.Digest === 'string') {
      digest = aux.Digest;
      if (typeof aux.Size === 'number') size = aux.Size;
    }
    if (typeof line.id === 'string' && typeof line.status === 'string') {
      const detail = line.progressDetail as { current?: number; total?: number } | undefined;
      emit({
        type: 'push-layer',
        layer: line.id,
        status: line.status,
        ...(typeof detail?.current === 'number' ? { current: detail.current } : {}),
        ...(typeof detail?.total === 'number' ? { total: detail.total } : {}),
      });
    }
  }).catch((error: unknown) => {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    throw error;
  });
  if (!digest) {
    throw new ImageBuilderError({
      code: 'IMAGE_PUSH_FAILED',
      message: `Pushing ${parsed.ref} ended without a digest from the registry`,
      hint: 'The push stream carried no aux Digest line; check the engine and registry logs.',
    });
  }
  const durationMs = Math.round(performance.now() - started);
  emit({ type: 'push-done', ref: parsed.ref, digest, durationMs });
  return { ref: parsed.ref, digest, pinned: `${parsed.name}@${digest}`, size, durationMs };
}
