import type Docker from 'dockerode';
import { type BuildImageOptions, type BuildImageResult, buildImage } from './build-image.js';
import type { BuildAndPushEvent } from './events.js';
import { imageExists } from './image-exists.js';
import { imageRef } from './image-ref.js';
import { type PushImageResult, pushImage } from './push-image.js';
import { type RegistryCredentials, registryAuth } from './registry-auth.js';
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
    | 'registryAuths'
    | 'signal'
  > {
  docker: Docker;
  /** Registry host, the guide's REGISTRY (e.g. `ghcr.io`). */
  registry: string;
  /** The guide's IMAGE_NAME (e.g. `owner/repo`, lower case). */
  imageName: string;
  /** Last path component, e.g. `django-app`. */
  component?: string;
  /** Commit SHA; default GITHUB_SHA, else `git rev-parse HEAD` in `context`. */
  sha?: string;
  /** More tags for the same image and name, e.g. `['latest']`; pushed after the SHA tag. */
  extraTags?: readonly string[];
  /** Credentials; default `registryAuth({ registry })` (the Docker config, else anonymous). */
  auth?: RegistryCredentials;
  /** Build and push even when the registry already has the tag. */
  force?: boolean;
  /** Plain HTTP for the registry check; default only for loopback registries. */
  insecure?: boolean;
  onEvent?: (event: BuildAndPushEvent) => void;
}

export interface BuildAndPushResult {
  /** `registry/image/component:version`. */
  ref: string;
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
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const { version, revision } = await resolveVersion({
    ...(options.sha ? { sha: options.sha } : {}),
    cwd: options.context,
  });
  const target = imageRef({
    registry: options.registry,
    imageName: options.imageName,
    component: options.component,
    tag: version,
  });
  const auth = options.auth ?? (await registryAuth({ registry: target.registry }));
  const elapsed = () => Math.round(performance.now() - started);

  if (!options.force) {
    const checkStarted = performance.now();
    const existing = await imageExists({
      ref: target.ref,
      auth,
      ...(options.insecure !== undefined ? { insecure: options.insecure } : {}),
    });
    emit({
      type: 'registry-checked',
      ref: target.ref,
      exists: existing.exists,
      durationMs: Math.round(performance.now() - checkStarted),
    });
    if (existing.exists) {
      emit({ type: 'skipped', ref: target.ref, digest: existing.digest, reason: 'tag-exists' });
      return {
        ref: target.ref,
        version,
        digest: existing.digest,
        skipped: true,
        pushes: [],
        durationMs: elapsed(),
      };
    }
  }

  const refs = [
    target.ref,
    ...(options.extraTags ?? []).map(
      (tag) => imageRef({ ...target, imageName: target.repository, tag }).ref,
    ),
  ];
  const build = await buildImage({
    docker: options.docker,
    context: options.context,
    ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
    tags: refs,
    oci: { revision },
    ...pick(options, [
      'buildArgs',
      'labels',
      'target',
      'cacheFrom',
      'pull',
      'noCache',
      'registryAuths',
      'signal',
    ]),
    onEvent: emit,
  });
  const pushes: PushImageResult[] = [];
  for (const ref of refs) {
    pushes.push(
      await pushImage({
        docker: options.docker,
        ref,
        auth,
        onEvent: emit,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
  }
  return {
    ref: target.ref,
    version,
    digest: pushes[0]?.digest,
    skipped: false,
    build,
    pushes,
    durationMs: elapsed(),
  };
}

function pick<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const result: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result;
}
