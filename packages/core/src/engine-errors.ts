// Errors from the Docker Engine API as dockerode and docker-modem report them:
// `statusCode` and the engine's JSON body on `json`, or a socket error `code`.

/** The HTTP status of an engine error, if it has one. */
export function engineStatusCode(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message (without dockerode's `(HTTP code …)` prefix), or the plain message. */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: unknown } | null | undefined)?.json;
  if (
    json &&
    typeof json === 'object' &&
    typeof (json as { message?: unknown }).message === 'string'
  )
    return (json as { message: string }).message.trim();
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) {
    const text = json.toString('utf8').trim();
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message.trim();
    } catch {
      // not JSON: the text itself is the message
    }
    return text;
  }
  const reason = (error as { reason?: unknown } | null | undefined)?.reason;
  const message = error instanceof Error ? error.message : String(error);
  return typeof reason === 'string' && reason !== '' && !message.includes(reason)
    ? `${reason}: ${message}`
    : message;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EACCES',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** True when the engine could not be reached at all (socket missing, refused, reset, closed session). */
export function isEngineUnreachable(error: unknown): boolean {
  if (engineStatusCode(error) !== undefined) return false;
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  // A RemoteError (any copy) whose category says so: the SSH session is gone.
  return (error as { category?: unknown } | null | undefined)?.category === 'unreachable';
}
