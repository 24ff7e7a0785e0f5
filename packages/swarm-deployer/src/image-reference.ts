// Image references the way the Docker CLI reads them (distribution/reference's
// normalized names): the registry decides which credentials apply, and the
// familiar string with a tag (and digest) is what the CLI sends to the engine.

export interface ImageReference {
  /** Registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/** Parses `name[:tag][@digest]`; returns undefined when it is not a valid reference. */
export function parseImageReference(image: string): ImageReference | undefined {
  let rest = image.trim();
  if (rest === '' || rest !== image) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  let domain = 'docker.io';
  let path = rest;
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    path = rest.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(
      path,
    )
  )
    return undefined;
  const reference: ImageReference = { domain, path };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

/** `docker.io/library/busybox` → `busybox`, as the CLI prints and sends names. */
export function familiarName(reference: ImageReference): string {
  if (reference.domain !== 'docker.io') return `${reference.domain}/${reference.path}`;
  return reference.path.startsWith('library/')
    ? reference.path.slice('library/'.length)
    : reference.path;
}

/** The image the CLI sends: a `:latest` tag added when neither tag nor digest is given. */
export function taggedImage(image: string): string {
  const reference = parseImageReference(image);
  if (!reference) return image;
  if (reference.digest) return formatReference(reference);
  return formatReference({ ...reference, tag: reference.tag ?? 'latest' });
}

/** `name:tag@digest` (an image already pinned keeps its digest). */
export function pinnedImage(image: string, digest: string): string {
  const reference = parseImageReference(image);
  if (!reference) return image;
  if (reference.digest) return formatReference(reference);
  return formatReference({ ...reference, tag: reference.tag ?? 'latest', digest });
}

export function formatReference(reference: ImageReference): string {
  let text = familiarName(reference);
  if (reference.tag) text += `:${reference.tag}`;
  if (reference.digest) text += `@${reference.digest}`;
  return text;
}

/** The digest inside a pinned image string, if any. */
export function digestOf(image: string | undefined): string | undefined {
  return image ? parseImageReference(image)?.digest : undefined;
}
