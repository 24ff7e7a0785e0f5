// GitHub Actions workflow commands, written by hand rather than with
// @actions/core (3.x runs on Node 20.19, but it writes to process.stdout
// itself — under --json stdout must carry JSON lines only, and tests write
// to fake streams — reads process.env directly, and brings undici, tunnel
// and @actions/exec for a handful of documented one-line formats).
import { randomUUID } from 'node:crypto';

/** Escapes a workflow command's data (`%`, CR, LF) the way the runner unescapes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,…::data` — one line, without the newline. */
export function workflowCommand(
  name: string,
  data: string,
  properties: Record<string, string | undefined> = {},
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(data)}`;
}

/**
 * True when some line of `text` would be read by the runner as a workflow
 * command (`::…` or the legacy `##[…`, after leading spaces; CR alone also
 * ends a line for the runner).
 */
export function looksLikeCommand(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => {
    const start = line.trimStart();
    return start.startsWith('::') || start.startsWith('##[');
  });
}

/**
 * Wraps text we do not control (task logs, tracebacks, package lines) in
 * `::stop-commands::` with a random token when it contains something the
 * runner would run, so a log line cannot mask, group or set an output.
 */
export function guardCommands(text: string, token: () => string = randomToken): string {
  if (!looksLikeCommand(text)) return text;
  const value = token();
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `::stop-commands::${value}\n${body}::${value}::\n`;
}

function randomToken(): string {
  return randomUUID().replace(/-/g, '');
}
