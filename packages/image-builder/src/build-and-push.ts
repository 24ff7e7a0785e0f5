import {
  abortReasonError,
  buildImageReference,
  type CredentialsOption,
  readRegistryCredentials,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import {
  type BuildImageOptions,
  type BuildImageResult,
  buildImage,
  checkBuildImageOptions,
} from './build-image.js';
import { checkOptionsObject, checkStringList } from './check-options.js';
import { isPassThrough } from './engine-failure.js';
import type { BuildAndPushEvent } from './events.js';
import { imageExists } from './image-exists.js';
import { type PushImageResult, pushImage } from './push-image.js';
import { resolveVersion } from './resolve-version.js';

export interface BuildAndPushOptions
  extends Pick<
    BuildImageOptions,
    | 'context'
    | 'dockerfile'
    | 'buildArgs'
    | 'labels'
    | 'target'
    | 'cacheFrom'
    | 'pull'
    | 'noCache'
    | 'signal'
  > {
  /** The engine that builds and pushes: what `connect()` from `@swarmlift/remote` returns. */
  remote: DockerRemote;
  /** Registry host, the guide's REGISTRY (e.g. `ghcr.io`). */
  registry: string;
  /** The guide's IMAGE_NAME (e.g. `owner/repo`, lower case). */
  imageName: string;
  /** Last path component, e.g. `django-app`. */
  component?: string | undefined;
  /** Commit SHA; default GITHUB_SHA, else `git rev-parse HEAD` in `context`. */
  sha?: string | undefined;
  /** More tags for the same image and name, e.g. `['latest']`; pushed after the SHA tag. */
  extraTags?: readonly string[] | undefined;
  /**
   * Credentials (core's `registryCredentials`/`readRegistryCredentials`, one
   * or a list): the entry for `registry` pushes and answers the registry
   * check; every entry serves base-image pulls. Default: the Docker config's
   * credentials for `registry` (`readRegistryCredentials`), else anonymous.
   */
  credentials?: CredentialsOption | undefined;
  /** Build and push even when the registry already has the tag. */
  force?: boolean | undefined;
  /** Plain HTTP for the registry check; default only for loopback registries. */
  insecure?: boolean | undefined;
  onEvent?: ((event: BuildAndPushEvent) => void) | undefined;
  /** Limit for the whole call (check, build, pushes); past it the running step is stopped and the call rejects with core's TimedOutError. Default: none. */
  timeoutMs?: number | undefined;
}

export interface BuildAndPushResult {
  /** `registry/imageName/component:version`. */
  image: string;
  /** The short SHA used as tag. */
  version: string;
  /** The manifest digest (from the push, or from the registry when skipped). */
  digest: string | undefined;
  /** True when the registry already had the tag and nothing was built. */
  skipped: boolean;
  build?: BuildImageResult;
  pushes: PushImageResult[];
  durationMs: number;
}

/**
 * The guide's build-and-push step: tag with the short SHA, skip when the
 * registry already has that tag (unless `force`), else build, push every
 * tag and report the digest.
 */
export async function buildAndPush(options: BuildAndPushOptions): Promise<BuildAndPushResult> {
  checkOptionsObject(options, 'buildAndPush({ remote, context, registry, imageName })');
  checkStringList(options.extraTags, 'extraTags');
  // Every option is checked before git, the registry or the engine is asked anything.
  const probe = buildImageReference({
    registry: options.registry,
    imageName: options.imageName,
    component: options.component,
    tag: 'latest',
  });
  const extraRefs = (options.extraTags ?? []).map(
    (tag) =>
      buildImageReference({ registry: probe.registry, imageName: probe.repository, tag }).ref,
  );
  checkBuildImageOptions({ ...options, tags: [probe.ref, ...extraRefs] });
  throwIfAborted(options.signal);

  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `Building and pushing ${probe.name}`,
  });
  const signal = deadline.signal;
  try {
    const { version, revision } = await resolveVersion({
      sha: options.sha,
      cwd: options.context,
      signal,
    });
    const target = buildImageReference({
      registry: probe.registry,
      imageName: probe.repository,
      tag: version,
    });
    const credentials =
      options.credentials ?? (await readRegistryCredentials({ registry: target.registry, signal }));
    const elapsed = () => Math.round(performance.now() - started);

    if (!options.force) {
      const checkStarted = performance.now();
      const existing = await imageExists({
        image: target.ref,
        credentials,
        insecure: options.insecure,
        signal,
      });
      emit({
        type: 'registry_checked',
        image: target.ref,
        exists: existing.exists,
        durationMs: Math.round(performance.now() - checkStarted),
      });
      if (existing.exists) {
        emit({
          type: 'build_skipped',
          image: target.ref,
          digest: existing.digest,
          reason: 'tag_exists',
        });
        return {
          image: target.ref,
          version,
          digest: existing.digest,
          skipped: true,
          pushes: [],
          durationMs: elapsed(),
        };
      }
    }

    const refs = [target.ref, ...extraRefs];
    const build = await buildImage({
      remote: options.remote,
      context: options.context,
      dockerfile: options.dockerfile,
      tags: refs,
      oci: { revision },
      buildArgs: options.buildArgs,
      labels: options.labels,
      target: options.target,
      cacheFrom: options.cacheFrom,
      pull: options.pull,
      noCache: options.noCache,
      credentials,
      signal,
      onEvent: emit,
    });
    const pushes: PushImageResult[] = [];
    for (const image of refs) {
      pushes.push(
        await pushImage({ remote: options.remote, image, credentials, signal, onEvent: emit }),
      );
    }
    return {
      image: target.ref,
      version,
      digest: pushes[0]?.digest,
      skipped: false,
      build,
      pushes,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (signal?.aborted && !isPassThrough(error)) throw abortReasonError(signal);
    throw error;
  } finally {
    deadline.dispose();
  }
}
