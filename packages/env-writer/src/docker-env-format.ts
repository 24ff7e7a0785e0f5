// The rules of the env-file format as the Docker CLI reads it (opts.ParseEnvFile),
// shared by the parser and the validator so both agree on what Docker accepts.

/** Docker reads env files with Go's bufio.Scanner: a line may hold at most 64 KiB - 1 bytes. */
export const MAX_LINE_BYTES = 64 * 1024 - 1;

/** Characters Docker refuses inside a variable name (Go: `whiteSpaces = " \t"`). */
export const KEY_WHITESPACE = /[ \t]/;

/** Go's unicode.IsSpace, which Docker uses to trim the start of every line. */
export const LEADING_GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Keys that swarmlift is willing to write: what every shell and Django accept. */
export const PORTABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A UTF-16 string that has a lone surrogate cannot be encoded as valid UTF-8. */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
