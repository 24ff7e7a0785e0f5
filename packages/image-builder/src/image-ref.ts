import { ImageBuilderError } from './errors.js';

export interface ImageRefOptions {
  /** Registry host with optional port, e.g. `ghcr.io` or `127.0.0.1:5000` (a leading `https://` is dropped). */
  registry: string;
  /** Repository path under the registry, e.g. the guide's IMAGE_NAME (`owner/repo`). */
  imageName: string;
  /** Optional last path component, e.g. `django-app`. */
  component?: string;
  /** The tag, e.g. the short SHA from `resolveVersion`. */
  tag: string;
}

export interface ImageRef {
  /** `registry/repository:tag`, what `docker push` takes. */
  ref: string;
  /** `registry/repository`, without the tag. */
  name: string;
  registry: string;
  repository: string;
  tag: string;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(
  `^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$|^\\[[0-9a-fA-F:]+\\](?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME = 255;

/** Builds and validates `registry/imageName/component:tag` the way the Docker engine parses it. */
export function imageRef(options: ImageRefOptions): ImageRef {
  const registry = options.registry
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!DOMAIN.test(registry)) {
    throw invalid(
      `registry ${JSON.stringify(options.registry)} is not a host name with an optional port`,
      'Set REGISTRY to a host such as ghcr.io or 127.0.0.1:5000, without a path.',
    );
  }
  const path = [options.imageName, options.component ?? '']
    .map((part) => part.trim().replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  checkRepository(path);
  if (!TAG.test(options.tag)) {
    throw invalid(
      `tag ${JSON.stringify(options.tag)} is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)`,
      'Use the short SHA from resolveVersion() or another valid tag.',
    );
  }
  const name = `${registry}/${path}`;
  if (name.length > MAX_NAME) {
    throw invalid(
      `image name ${name} is ${name.length} characters long; the limit is ${MAX_NAME}`,
      'Shorten the image name or component.',
    );
  }
  return { ref: `${name}:${options.tag}`, name, registry, repository: path, tag: options.tag };
}

/** Splits an existing reference (`host/path:tag`, `host/path@sha256:…`) as the engine does. */
export function parseImageRef(ref: string): ImageRef & { digest?: string } {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasDomain ? first : 'docker.io';
  let repository = hasDomain ? rest.slice(slash + 1) : rest;
  if (!hasDomain && !repository.includes('/')) repository = `library/${repository}`;
  if (hasDomain && !DOMAIN.test(registry))
    throw invalid(`registry ${registry} in ${ref} is not valid`, 'Use host[:port]/path:tag.');
  checkRepository(repository);
  if (!TAG.test(tag))
    throw invalid(`tag ${JSON.stringify(tag)} in ${ref} is not valid`, 'Use host[:port]/path:tag.');
  const name = `${registry}/${repository}`;
  return { ref: `${name}:${tag}`, name, registry, repository, tag, ...(digest ? { digest } : {}) };
}

function checkRepository(path: string): void {
  if (path === '') {
    throw invalid('the repository path is empty', 'Set IMAGE_NAME, e.g. to `owner/repo`.');
  }
  const lower = path.toLowerCase();
  if (lower !== path && lower.split('/').every((part) => PATH_COMPONENT.test(part))) {
    throw invalid(
      `repository path ${JSON.stringify(path)} has upper-case letters; registries (ghcr.io among them) reject it. Use ${JSON.stringify(lower)}`,
      'Lower-case the image name, e.g. in GitHub Actions: IMAGE_NAME=$(echo "$GITHUB_REPOSITORY" | tr "[:upper:]" "[:lower:]").',
    );
  }
  const bad = path.split('/').find((part) => !PATH_COMPONENT.test(part));
  if (bad !== undefined) {
    throw invalid(
      `repository path component ${JSON.stringify(bad)} in ${JSON.stringify(path)} is not valid: use lower-case letters and digits, separated by ".", "_", "__" or "-"`,
      'Rename the image so that every path component matches [a-z0-9]+ with single separators.',
    );
  }
}

function invalid(message: string, hint: string): ImageBuilderError {
  return new ImageBuilderError({
    code: 'IMAGE_REF_INVALID',
    message: `Invalid image reference: ${message}`,
    hint,
  });
}
