// An image the engine would refuse, found at load time with its line rather
// than halfway through a deploy. The rule is core's.
import { ImageReferenceError, parseImageReference, tryParseImageReference } from '@swarmlift/core';

const FIELD = 'image';

/** Why `image` is not a valid reference, or undefined when it is. */
export function imageReferenceProblem(image: string): string | undefined {
  if (tryParseImageReference(image)) return undefined;
  try {
    parseImageReference(image, FIELD);
  } catch (error) {
    if (!ImageReferenceError.isInstance(error)) throw error;
    // Core's message starts with the field; the problem's path already names it.
    const reason = error.message.startsWith(`${FIELD}: `)
      ? error.message.slice(FIELD.length + 2)
      : error.message;
    return `"${image}" is not a valid image reference: ${reason}`;
  }
  return undefined;
}
