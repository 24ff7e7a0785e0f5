// The image string the CLI sends to the engine for a compose `image:`,
// built on core's image references.
import { formatImageReference, tryParseImageReference } from '@swarmlift/core';

/** The image as sent: a `:latest` tag added when neither tag nor digest is given. */
export function taggedImage(image: string): string {
  const reference = tryParseImageReference(image);
  if (!reference) return image;
  if (reference.digest) return formatImageReference(reference);
  return formatImageReference({ ...reference, tag: reference.tag ?? 'latest' });
}

/** `name:tag@digest` (an image already pinned keeps its own digest). */
export function pinnedImage(image: string, digest: string): string {
  const reference = tryParseImageReference(image);
  if (!reference) return image;
  if (reference.digest) return formatImageReference(reference);
  return formatImageReference({ ...reference, tag: reference.tag ?? 'latest', digest });
}

/** The digest inside a pinned image string, if any. */
export function digestOf(image: string | undefined): string | undefined {
  return image ? tryParseImageReference(image)?.digest : undefined;
}
