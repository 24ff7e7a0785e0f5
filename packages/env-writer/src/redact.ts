import { OptionsError } from '@swarmlift/core';

export interface RedactOptions {
  /** What replaces a secret. */
  replacement?: string;
}

/**
 * Replaces every occurrence of any secret value in `text` — as is, URL-encoded,
 * JSON-escaped, and base64-encoded at any alignment inside a longer base64
 * string — with `***`. Longer forms are replaced first so a secret that contains
 * another one is hidden whole. Empty values are ignored.
 */
export function redact(
  text: string,
  secretValues: Iterable<string | null | undefined>,
  options: RedactOptions = {},
): string {
  checkText(text);
  return createRedact(secretValues, options)(text);
}

/**
 * `redact` with the secrets compiled once: returns a function that redacts a
 * text with them. For output that redacts every line with the same secrets —
 * building the encoded forms and the pattern is the expensive part.
 */
export function createRedact(
  secretValues: Iterable<string | null | undefined>,
  options: RedactOptions = {},
): (text: string) => string {
  if (
    secretValues === null ||
    typeof secretValues !== 'object' ||
    !(Symbol.iterator in secretValues)
  ) {
    throw new OptionsError({
      field: 'secretValues',
      message: 'must be a list of values',
      hint: 'Pass the secret values as an array, e.g. [process.env.DB_PASSWORD].',
    });
  }
  const replacement = options.replacement ?? '***';
  const forms = new Set<string>();
  for (const secret of secretValues) {
    if (!secret) continue;
    for (const form of encodedForms(secret)) forms.add(form);
  }
  if (forms.size === 0) {
    return (text) => {
      checkText(text);
      return text;
    };
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    checkText(text);
    return text.replace(pattern, replacement);
  };
}

function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string') {
    throw new OptionsError({
      field: 'text',
      message: 'must be a string',
      hint: 'Pass the text to print; redact() returns it with every secret replaced.',
    });
  }
}

/** Base64 fragments shorter than this would hide unrelated text. */
const MIN_BASE64_FORM = 8;

function encodedForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  // A secret inside a JSON document that was then base64-encoded (registry auth) is JSON-escaped first.
  const base64 = [...new Set([secret, json])].flatMap(base64Forms);
  return [
    secret,
    url,
    url.replace(/%20/g, '+'),
    json,
    ...base64.filter((form) => form.length >= MIN_BASE64_FORM),
  ];
}

/**
 * The secret's bytes can start at offset 0, 1 or 2 of a 3-byte base64 group in a
 * longer encoded text; for each offset keep only the characters that depend on
 * the secret alone. Both the standard and the URL-safe alphabets are covered.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    const skip = offset === 0 ? 0 : offset + 1; // characters mixing the prefix bytes
    const tailBits = (padded.length * 8) % 6;
    const end = tailBits === 0 ? encoded.length : encoded.length - 1; // last char mixes what follows
    const core = encoded.slice(skip, end);
    if (core.length === 0) continue;
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    if (offset === 0) forms.push(bytes.toString('base64'), bytes.toString('base64url'));
  }
  return forms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
