/** Help is plain text no wider than this. */
export const HELP_WIDTH = 100;

/**
 * Wraps `text` at word boundaries to `width` columns; every line starts with
 * `indent`, and the first with `first` instead when given (a label that may be
 * wider or narrower than the indent). A word longer than a line stays whole.
 */
export function wrap(
  text: string,
  options: { indent?: string; first?: string; width?: number } = {},
): string {
  const indent = options.indent ?? '';
  const width = options.width ?? HELP_WIDTH;
  const lines: string[] = [];
  let line = options.first ?? indent;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && candidate.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd()).join('\n');
}

/**
 * Two columns: each label padded to the widest (up to `maxLabel`), the text
 * wrapped beside it; a label wider than `maxLabel` puts its text on the next line.
 */
export function columns(
  rows: readonly (readonly [label: string, text: string])[],
  options: { indent?: string; maxLabel?: number; width?: number } = {},
): string {
  const indent = options.indent ?? '  ';
  const maxLabel = options.maxLabel ?? 28;
  const labelWidth = Math.min(
    maxLabel,
    Math.max(0, ...rows.map(([label]) => label.length).filter((n) => n <= maxLabel)),
  );
  const textIndent = `${indent}${' '.repeat(labelWidth)}  `;
  return rows
    .map(([label, text]) => {
      if (label.length > labelWidth) {
        return `${indent}${label}\n${wrap(text, { indent: textIndent, width: options.width })}`;
      }
      return wrap(text, {
        indent: textIndent,
        first: `${indent}${label.padEnd(labelWidth)}  `,
        width: options.width,
      });
    })
    .join('\n');
}
