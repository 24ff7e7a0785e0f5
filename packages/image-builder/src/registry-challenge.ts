/** One `WWW-Authenticate` challenge: the scheme (`bearer`, `basic`) and its parameters. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header value (RFC 7235): the first challenge's
 * scheme, lower-cased, and its `key=value` / `key="quoted \"value\""` params
 * with lower-cased keys. Returns undefined for an empty or garbled header.
 */
export function parseAuthChallenge(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const schemeMatch = /^([A-Za-z][\w.+-]*)(?:\s+|$)/.exec(text);
  if (!schemeMatch?.[1]) return undefined;
  const params: Record<string, string> = {};
  let rest = text.slice(schemeMatch[0].length);
  const param = /^\s*([\w.+-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/;
  for (;;) {
    const match = param.exec(rest);
    if (!match?.[1]) break;
    params[match[1].toLowerCase()] =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    rest = rest.slice(match[0].length);
    // A following challenge ("…, Basic realm=x") starts with a bare token: stop there.
    if (/^\s*[A-Za-z][\w.+-]*\s+[\w.+-]+=/.test(rest)) break;
  }
  return { scheme: schemeMatch[1].toLowerCase(), params };
}
