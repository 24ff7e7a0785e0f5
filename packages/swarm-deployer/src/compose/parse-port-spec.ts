// The short port syntax as the CLI reads it (go-connections' nat.ParsePortSpecs
// followed by opts.ConvertPortToPortConfig): "[ip:][published:]target[/protocol]",
// ranges "9000-9001:8000-8001". Short-syntax ports always publish through the
// ingress routing mesh; use the long syntax for `mode: host`.

export interface PortConfig {
  protocol: string;
  target: number;
  /** 0 when not published. */
  published: number;
  mode: string;
}

function parseRange(text: string): [number, number] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return [start, end];
}

/** Returns the port configs, or a message saying what is wrong. */
export function parsePortSpec(spec: string): PortConfig[] | string {
  const parts = spec.split(':');
  const last = parts[parts.length - 1] ?? '';
  const hostPort = parts.length >= 2 ? (parts[parts.length - 2] ?? '') : '';
  const [containerText = '', protocol = 'tcp', ...extra] = last.split('/');
  if (extra.length > 0 || !['tcp', 'udp', 'sctp'].includes(protocol.toLowerCase())) {
    return `invalid protocol in port "${spec}"`;
  }
  const container = parseRange(containerText);
  if (!container) return `invalid container port in "${spec}"`;
  let host: [number, number] | undefined;
  if (hostPort !== '') {
    host = parseRange(hostPort);
    if (!host) return `invalid published port in "${spec}"`;
  }
  const count = container[1] - container[0] + 1;
  if (host && host[1] - host[0] + 1 !== count && host[0] !== host[1]) {
    return `published and target port ranges differ in length in "${spec}"`;
  }
  const configs: PortConfig[] = [];
  for (let i = 0; i < count; i++) {
    configs.push({
      protocol: protocol.toLowerCase(),
      target: container[0] + i,
      published: host ? (host[0] === host[1] ? host[0] : host[0] + i) : 0,
      mode: 'ingress',
    });
  }
  // The CLI orders one spec's ports by "port/proto" text.
  return configs.sort((a, b) => {
    const ka = `${a.target}/${a.protocol}`;
    const kb = `${b.target}/${b.protocol}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
