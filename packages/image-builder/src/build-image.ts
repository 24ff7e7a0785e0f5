import type Docker from 'dockerode';
import { packContext } from './build-context.js';
import { BuildStreamChecker } from './build-stream.js';
import { ImageBuildError, ImageBuilderError } from './errors.js';
import type { BuildEvent } from './events.js';
import { readJsonLines } from './json-lines.js';
import { type OciLabelOptions, ociLabels } from './oci-labels.js';
import type { RegistryCredentials } from './registry-auth.js';
import { toEngineAuth } from './registry-auth.js';

export interface BuildImageOptions {
  /** A dockerode client for the engine that builds (e.g. from `@swarmlift/remote`, or the local socket). */
  docker: Docker;
  /** The build context folder. */
  context: string;
  /** Relative to `context` or absolute; may lie outside the context (as `deployment/Dockerfile` in the guide). Default `Dockerfile`. */
  dockerfile?: string;
  /** Full references to tag the image with, e.g. from `imageRef().ref`. */
  tags: readonly string[];
  buildArgs?: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
  /** OCI labels (revision, source, created), on by default; `false` leaves them out. */
  oci?: OciLabelOptions | false;
  target?: string;
  /** Images to use as cache sources (they must be present on the engine). */
  cacheFrom?: readonly string[];
  /** Always pull a newer base image. */
  pull?: boolean;
  noCache?: boolean;
  /** Credentials for private base images (`FROM` of another registry). */
  registryAuths?: readonly RegistryCredentials[];
  onEvent?: (event: BuildEvent) => void;
  signal?: AbortSignal;
}

export interface BuildImageResult {
  imageId: string;
  tags: string[];
  durationMs: number;
  /** Bytes of the context tar sent to the engine. */
  contextBytes: number;
  /** Steps served from the build cache, out of `totalSteps`. */
  cachedSteps: number;
  totalSteps: number;
  labels: Record<string, string>;
}

/**
 * Builds an image through the Engine API (`POST /build`, no docker CLI):
 * streams a deterministic context tar, checks every line of the build
 * stream and fails with `IMAGE_BUILD_FAILED` naming the failing step.
 */
export async function buildImage(options: BuildImageOptions): Promise<BuildImageResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  if (options.tags.length === 0) {
    throw new ImageBuilderError({
      code: 'IMAGE_REF_INVALID',
      message: 'buildImage needs at least one tag',
      hint: 'Pass `tags: [imageRef({...}).ref]`.',
    });
  }
  const labels = {
    ...(options.oci === false ? {} : await ociLabels({ ...options.oci, cwd: options.context })),
    ...options.labels,
  };
  const packed = await packContext({ context: options.context, dockerfile: options.dockerfile });
  packed.done.then(
    ({ files, bytes }) => emit({ type: 'build-context', files, bytes }),
    () => {},
  );
  let cachedSteps = 0;
  let totalSteps = 0;
  const checker = new BuildStreamChecker((event) => {
    if (event.type === 'build-step') totalSteps = event.total;
    if (event.type === 'build-step-cached') cachedSteps++;
    emit(event);
  });

  const query: Record<string, unknown> = {
    t: [...options.tags],
    dockerfile: packed.dockerfile,
    labels,
    rm: true,
    forcerm: true,
  };
  if (options.buildArgs && Object.keys(options.buildArgs).length > 0)
    query.buildargs = { ...options.buildArgs };
  if (options.target) query.target = options.target;
  if (options.cacheFrom?.length) query.cachefrom = [...options.cacheFrom];
  if (options.pull) query.pull = true;
  if (options.noCache) query.nocache = true;
  if (options.registryAuths?.length) {
    query.registryconfig = Object.fromEntries(
      options.registryAuths.map((auth) => [auth.registry, toEngineAuth(auth)]),
    );
  }
  if (options.signal) query.abortSignal = options.signal;

  let response: NodeJS.ReadableStream;
  try {
    response = await options.docker.buildImage(packed.stream, query as Docker.ImageBuildOptions);
  } catch (error) {
    packed.stream.destroy();
    if (ImageBuilderError.isInstance(error)) throw error;
    const contextError = await packed.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (ImageBuilderError.isInstance(contextError)) throw contextError;
    throw new ImageBuildError({
      reason: `the engine refused the build: ${engineMessage(error)}`,
      output: [],
    });
  }
  try {
    await readJsonLines(
      response as NodeJS.ReadableStream & import('node:stream').Readable,
      (line) => checker.push(line),
    );
  } catch (error) {
    (response as unknown as { destroy?: () => void }).destroy?.();
    throw error;
  }
  const imageId = checker.finish();
  const { bytes } = await packed.done;
  const durationMs = Math.round(performance.now() - started);
  emit({ type: 'build-done', imageId, tags: [...options.tags], durationMs });
  return {
    imageId,
    tags: [...options.tags],
    durationMs,
    contextBytes: bytes,
    cachedSteps,
    totalSteps,
    labels,
  };
}

/** dockerode's error text without its `(HTTP code …)` prefix, or the plain message. */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
