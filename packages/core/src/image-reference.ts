import { SwarmliftError } from './errors.js';

// Image references as the engine and the CLI read them (distribution's
// normalized names): the registry decides which credentials apply, and the
// familiar string with tag and digest is what is sent to the engine.

/** A parsed image reference; `registry` is `docker.io` for Docker Hub, official images sit under `library/`. */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string | undefined;
  digest?: string | undefined;
}

/** An image name or reference that the engine would refuse. */
export class ImageReferenceError extends SwarmliftError<'IMAGE_REF_INVALID'> {
  static override readonly brand: string = 'swarmlift/core/ImageReferenceError';
  /** The option or variable that held it. */
  readonly field: string;

  constructor(options: { field: string; message: string; hint: string }) {
    super({
      code: 'IMAGE_REF_INVALID',
      message: `${options.field}: ${options.message}`,
      hint: options.hint,
      category: 'invalid',
    });
    this.field = options.field;
  }
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const MAX_NAME = 255;
const HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

type Problem = { message: string; hint: string };

function parse(text: string): ImageReference | Problem {
  const usage = 'Use [host[:port]/]path[:tag][@digest], e.g. ghcr.io/owner/app:1a2b3c4.';
  if (text === '' || text.trim() !== text)
    return { message: `${JSON.stringify(text)} is empty or has spaces around it`, hint: usage };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest))
      return { message: `digest ${JSON.stringify(digest)} in ${text} is not valid`, hint: usage };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      return {
        message: `tag ${JSON.stringify(tag)} in ${text} is not valid (letters, digits, _ . -, at most 128, not starting with . or -)`,
        hint: usage,
      };
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  let registry = hasDomain ? first : 'docker.io';
  let repository = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !DOMAIN.test(registry))
    return {
      message: `registry ${JSON.stringify(registry)} in ${text} is not a host with an optional port`,
      hint: usage,
    };
  if (HUB_ALIASES.has(registry)) registry = 'docker.io';
  if (registry === 'docker.io' && repository !== '' && !repository.includes('/'))
    repository = `library/${repository}`;
  const problem = repositoryProblem(repository);
  if (problem) return problem;
  if (`${registry}/${repository}`.length > MAX_NAME)
    return {
      message: `the name in ${text} is longer than ${MAX_NAME} characters`,
      hint: 'Shorten the image name.',
    };
  const reference: ImageReference = { registry, repository };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

function repositoryProblem(path: string): Problem | undefined {
  if (path === '')
    return { message: 'the repository path is empty', hint: 'Set IMAGE_NAME, e.g. to owner/repo.' };
  const lower = path.toLowerCase();
  if (lower !== path && lower.split('/').every((part) => PATH_COMPONENT.test(part)))
    return {
      message: `repository path ${JSON.stringify(path)} has upper-case letters, which registries (ghcr.io among them) reject; use ${JSON.stringify(lower)}`,
      hint: 'Lower-case the image name, e.g. in GitHub Actions: IMAGE_NAME=$(echo "$GITHUB_REPOSITORY" | tr "[:upper:]" "[:lower:]").',
    };
  const bad = path.split('/').find((part) => !PATH_COMPONENT.test(part));
  if (bad !== undefined)
    return {
      message: `repository path component ${JSON.stringify(bad)} in ${JSON.stringify(path)} is not valid: use lower-case letters and digits, separated by ".", "_", "__" or "-"`,
      hint: 'Rename the image so that every path component matches [a-z0-9]+ with single separators.',
    };
  return undefined;
}

/** Parses `[host/]path[:tag][@digest]`; undefined when the engine would refuse it. */
export function tryParseImageReference(text: string): ImageReference | undefined {
  const result = parse(text);
  return 'message' in result ? undefined : result;
}

/** Parses `[host/]path[:tag][@digest]`, or throws an ImageReferenceError naming `field`. */
export function parseImageReference(text: string, field = 'image'): ImageReference {
  const result = parse(text);
  if ('message' in result) throw new ImageReferenceError({ field, ...result });
  return result;
}

/** `busybox` for `docker.io/library/busybox`, else `registry/repository`, as the CLI prints names. */
export function familiarName(reference: Pick<ImageReference, 'registry' | 'repository'>): string {
  if (reference.registry !== 'docker.io') return `${reference.registry}/${reference.repository}`;
  return reference.repository.startsWith('library/')
    ? reference.repository.slice('library/'.length)
    : reference.repository;
}

/** `name[:tag][@digest]` with the familiar name. */
export function formatImageReference(reference: ImageReference): string {
  let text = familiarName(reference);
  if (reference.tag) text += `:${reference.tag}`;
  if (reference.digest) text += `@${reference.digest}`;
  return text;
}

/** The registry host an image is pulled from (`docker.io` for Docker Hub or an unparsable name). */
export function registryOf(image: string): string {
  return tryParseImageReference(image)?.registry ?? 'docker.io';
}

export interface BuildImageReferenceOptions {
  /** Registry host with optional port, e.g. `ghcr.io` or `127.0.0.1:5000` (a leading `https://` is dropped). */
  registry: string;
  /** Repository path under the registry, e.g. the guide's IMAGE_NAME (`owner/repo`). */
  imageName: string;
  /** Optional last path component, e.g. `django-app`. */
  component?: string | undefined;
  /** The tag, e.g. the short SHA. */
  tag: string;
}

/** A built reference: the parts plus `name` (`registry/repository`) and `ref` (`name:tag`, what `docker push` takes). */
export interface BuiltImageReference extends ImageReference {
  tag: string;
  name: string;
  ref: string;
}

/** `registry/imageName/component:tag`, checked the way the engine checks it (errors name REGISTRY, IMAGE_NAME or the tag). */
export function buildImageReference(options: BuildImageReferenceOptions): BuiltImageReference {
  const registry = options.registry
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!DOMAIN.test(registry))
    throw new ImageReferenceError({
      field: 'registry',
      message: `${JSON.stringify(options.registry)} is not a host name with an optional port`,
      hint: 'Set REGISTRY to a host such as ghcr.io or 127.0.0.1:5000, without a path.',
    });
  const repository = [options.imageName, options.component ?? '']
    .map((part) => part.trim().replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  const problem = repositoryProblem(repository);
  if (problem) throw new ImageReferenceError({ field: 'imageName', ...problem });
  if (!TAG.test(options.tag))
    throw new ImageReferenceError({
      field: 'tag',
      message: `${JSON.stringify(options.tag)} is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)`,
      hint: 'Use the short git SHA or another valid tag.',
    });
  const name = `${registry}/${repository}`;
  if (name.length > MAX_NAME)
    throw new ImageReferenceError({
      field: 'imageName',
      message: `the image name ${name} is ${name.length} characters long; the limit is ${MAX_NAME}`,
      hint: 'Shorten the image name or component.',
    });
  return { registry, repository, tag: options.tag, name, ref: `${name}:${options.tag}` };
}
