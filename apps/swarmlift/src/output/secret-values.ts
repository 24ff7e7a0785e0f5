/**
 * Lines of a multi-line secret shorter than this are not hidden on their own:
 * a `}` or `-----` line would blank out every brace or rule in the log and
 * reveals nothing of the secret.
 */
export const MIN_SECRET_LINE = 4;

function linesOf(value: string): string[] {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_SECRET_LINE);
}

function isMultiLine(value: string): boolean {
  return /[\r\n]/.test(value);
}

/**
 * The values `redact` must hide for these secrets: each value as is, trimmed,
 * and every line of a multi-line value (so one line of a private key printed
 * alone is hidden too). env-writer's `redact` adds the encoded forms of each.
 */
export function redactionValues(secrets: Iterable<string>): string[] {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.trim() === '') continue;
    values.add(secret);
    values.add(secret.trim());
    if (isMultiLine(secret)) for (const line of linesOf(secret)) values.add(line);
  }
  return [...values];
}

/**
 * What to register with `::add-mask::` for one secret: a single-line value
 * (and its trimmed form), or each line of a multi-line value, plus its
 * derived forms (URL-encoded, JSON-escaped, base64 and base64url) — each a
 * single line, none empty.
 */
export function maskValues(secret: string): string[] {
  if (typeof secret !== 'string' || secret.trim() === '') return [];
  const forms = new Set<string>();
  if (isMultiLine(secret)) for (const line of linesOf(secret)) forms.add(line);
  else {
    forms.add(secret);
    forms.add(secret.trim());
  }
  const url = encodeURIComponent(secret);
  forms.add(url);
  forms.add(url.replace(/%20/g, '+'));
  forms.add(JSON.stringify(secret).slice(1, -1));
  const bytes = Buffer.from(secret, 'utf8');
  forms.add(bytes.toString('base64'));
  forms.add(bytes.toString('base64url'));
  return [...forms].filter((form) => form !== '' && !/[\r\n]/.test(form));
}
