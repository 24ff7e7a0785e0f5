import { type ImageReference, OptionsError, parseImageReference } from '@swarmlift/core';

// The checks every public function runs on its options before touching anything, beyond
// core's checkSignal/checkTimeoutMs/checkFunction/checkCredentialsOption and remote's
// checkRemote; a bad option is core's OptionsError naming the field.

export function checkString(value: unknown, field: string, hint: string, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'string' || value.trim() === '')
    throw new OptionsError({ field, message: 'must be a non-empty string', hint });
}

/** A `{ NAME: 'value' }` map with string values (build args, labels). */
export function checkStringRecord(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new OptionsError({
      field,
      message: 'must be an object of strings',
      hint: `E.g. ${field}: { NAME: 'value' }.`,
    });
  for (const [key, item] of Object.entries(value))
    if (typeof item !== 'string')
      throw new OptionsError({
        field: `${field}.${key}`,
        message: `must be a string, got ${typeof item}`,
        hint: 'Convert the value to a string; undefined values (e.g. an unset variable) must be left out.',
      });
}

export function checkStringList(value: unknown, field: string, optional = true): void {
  if (optional && value === undefined) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === ''))
    throw new OptionsError({
      field,
      message: 'must be an array of non-empty strings',
      hint: `E.g. ${field}: ['latest'].`,
    });
}

/** The one options object every public function takes. */
export function checkOptionsObject(options: unknown, usage: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new OptionsError({
      field: 'options',
      message: 'must be an options object',
      hint: `Call ${usage}.`,
    });
}

/** `host[:port]/path[:tag]` without a digest (what is tagged or pushed); throws core's ImageReferenceError or OptionsError. */
export function checkTagReference(value: unknown, field: string): ImageReference {
  const reference = parseImageReference(String(value), field);
  if (reference.digest !== undefined)
    throw new OptionsError({
      field,
      message: `${String(value)} has a digest; an image is tagged and pushed by name and tag`,
      hint: 'Leave out the @sha256:… part; pushImage reports the digest.',
    });
  return reference;
}
