import type { Readable } from 'node:stream';
import {
  type CredentialsOption,
  checkCredentialsOption,
  checkFunction,
  checkSignal,
  checkTimeoutMs,
  engineAuthConfig,
  engineMessage,
  OptionsError,
  type RegistryCredentials,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { type PackedContext, packContext } from './build-context.js';
import { BuildStreamChecker } from './build-stream.js';
import {
  checkOptionsObject,
  checkString,
  checkStringList,
  checkStringRecord,
  checkTagReference,
} from './check-options.js';
import { engineFailure } from './engine-failure.js';
import { ImageBuildError, ImageBuilderError } from './errors.js';
import type { BuildEvent } from './events.js';
import { readJsonLines } from './json-lines.js';
import { type OciLabelOptions, ociLabels } from './oci-labels.js';

export interface BuildImageOptions {
  /** The engine that builds: what `connect()` from `@swarmlift/remote` returns (SSH or the local socket). */
  remote: DockerRemote;
  /** The build context folder. */
  context: string;
  /** Relative to `context` or absolute; may lie outside the context (as `deployment/Dockerfile` in the guide). Default `Dockerfile`. */
  dockerfile?: string | undefined;
  /** Full references to tag the image with, e.g. core's `buildImageReference({…}).ref`. */
  tags: readonly string[];
  buildArgs?: Readonly<Record<string, string>> | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
  /** OCI labels (revision, source, created), on by default; `false` leaves them out. */
  oci?: OciLabelOptions | false | undefined;
  target?: string | undefined;
  /** Images to use as cache sources (they must be present on the engine). */
  cacheFrom?: readonly string[] | undefined;
  /** Always pull a newer base image. */
  pull?: boolean | undefined;
  noCache?: boolean | undefined;
  /** Credentials for private base images (`FROM` another registry): core's `registryCredentials`/`readRegistryCredentials`, one or a list. */
  credentials?: CredentialsOption | undefined;
  onEvent?: ((event: BuildEvent) => void) | undefined;
  /** Aborting stops the context upload and the build (the engine cancels it); rejects with core's CancelledError. */
  signal?: AbortSignal | undefined;
  /** Limit for the whole build; past it the build is stopped and the call rejects with core's TimedOutError. Default: none. */
  timeoutMs?: number | undefined;
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

/** Checks `buildImage`'s options; throws core's OptionsError (or ImageReferenceError for a tag). */
export function checkBuildImageOptions(options: BuildImageOptions): void {
  checkOptionsObject(options, 'buildImage({ remote, context, tags })');
  checkRemote(options.remote);
  checkString(options.context, 'context', "Pass the build context folder, e.g. context: '.'.");
  checkString(
    options.dockerfile,
    'dockerfile',
    "E.g. dockerfile: 'deployment/Dockerfile'; leave it out for <context>/Dockerfile.",
    true,
  );
  if (!Array.isArray(options.tags) || options.tags.length === 0)
    throw new OptionsError({
      field: 'tags',
      message: 'needs at least one image reference to tag the image with',
      hint: 'Pass tags: [buildImageReference({ registry, imageName, tag }).ref] (from @swarmlift/core).',
    });
  for (const [index, tag] of options.tags.entries()) checkTagReference(tag, `tags[${index}]`);
  checkStringRecord(options.buildArgs, 'buildArgs');
  checkStringRecord(options.labels, 'labels');
  checkString(options.target, 'target', 'The name of a build stage (FROM … AS name).', true);
  checkStringList(options.cacheFrom, 'cacheFrom');
  checkCredentialsOption(options.credentials, 'credentials');
  checkFunction(options.onEvent, 'onEvent');
  checkSignal(options.signal);
  checkTimeoutMs(options.timeoutMs);
}

/**
 * Builds an image through the Engine API (`POST /build`, no docker CLI):
 * streams a deterministic context tar, checks every line of the build
 * stream and fails with `IMAGE_BUILD_FAILED` naming the failing step. An
 * engine that cannot be reached is `IMAGE_ENGINE_UNREACHABLE`; an aborted
 * or timed-out build is stopped and rejects with core's CancelledError or
 * TimedOutError.
 */
export async function buildImage(options: BuildImageOptions): Promise<BuildImageResult> {
  checkBuildImageOptions(options);
  throwIfAborted(options.signal);
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const tags = [...options.tags];
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `Building ${tags[0]}`,
  });
  const signal = deadline.signal;
  const fail = (error: unknown) =>
    engineFailure(error, {
      signal,
      action: `build ${tags[0]}`,
      otherwise: (cause) =>
        new ImageBuildError({
          reason: `the engine refused the build: ${engineMessage(cause)}`,
          output: [],
          cause,
        }),
    });
  let packed: PackedContext | undefined;
  let response: Readable | undefined;
  const stop = () => {
    packed?.stream.destroy();
    response?.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const labels = {
      ...(options.oci === false
        ? {}
        : await ociLabels({ ...options.oci, cwd: options.context, signal })),
      ...options.labels,
    };
    packed = await packContext({
      context: options.context,
      dockerfile: options.dockerfile,
      signal,
    });
    const context = packed;
    context.done.then(
      ({ files, bytes }) => emit({ type: 'build_context', files, bytes }),
      () => {},
    );
    let cachedSteps = 0;
    let totalSteps = 0;
    const checker = new BuildStreamChecker((event) => {
      if (event.type === 'build_step') totalSteps = event.total;
      if (event.type === 'build_step_cached') cachedSteps++;
      emit(event);
    });

    const query = buildQuery(options, tags, labels, context.dockerfile);
    if (signal) query.abortSignal = signal;
    try {
      response = (await options.remote.docker.buildImage(
        context.stream,
        query as Docker.ImageBuildOptions,
      )) as Readable;
    } catch (error) {
      context.stream.destroy();
      // A context that could not be read says more than the request that carried it.
      const contextError = await context.done.then(
        () => undefined,
        (e: unknown) => e,
      );
      if (ImageBuilderError.hasCode(contextError, 'IMAGE_CONTEXT_INVALID')) throw contextError;
      throw fail(error);
    }
    const stream = response;
    if (signal?.aborted) stop();
    try {
      await readJsonLines(stream, (line) => checker.push(line));
    } catch (error) {
      stream.destroy();
      context.stream.destroy();
      throw fail(error);
    }
    const imageId = checker.finish();
    const { bytes } = await context.done.catch((error: unknown) => {
      throw fail(error);
    });
    const durationMs = Math.round(performance.now() - started);
    emit({ type: 'build_done', imageId, tags, durationMs });
    return {
      imageId,
      tags,
      durationMs,
      contextBytes: bytes,
      cachedSteps,
      totalSteps,
      labels,
    };
  } catch (error) {
    stop();
    throw fail(error);
  } finally {
    signal?.removeEventListener('abort', stop);
    deadline.dispose();
  }
}

/** The `/build` query parameters (dockerode turns `t`, `labels`, `buildargs`, … into the URL). */
export function buildQuery(
  options: Pick<
    BuildImageOptions,
    'buildArgs' | 'target' | 'cacheFrom' | 'pull' | 'noCache' | 'credentials'
  >,
  tags: readonly string[],
  labels: Record<string, string>,
  dockerfile: string,
): Record<string, unknown> {
  const query: Record<string, unknown> = {
    t: [...tags],
    dockerfile,
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
  const registryConfig = registryConfigOf(options.credentials);
  if (registryConfig) query.registryconfig = registryConfig;
  return query;
}

/** The engine's `X-Registry-Config` map (registry → auth config) for base-image pulls; anonymous entries left out. */
export function registryConfigOf(
  credentials: CredentialsOption | undefined,
): Record<string, Record<string, string>> | undefined {
  if (credentials === undefined) return undefined;
  const list: readonly RegistryCredentials[] = Array.isArray(credentials)
    ? credentials
    : [credentials as RegistryCredentials];
  const entries = list.flatMap((item) => {
    const config = engineAuthConfig(item);
    return config ? [[item.registry, config] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
