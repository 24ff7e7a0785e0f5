/** The release live on one static host (undefined: none yet). */
export interface HostLive {
  host: string;
  live: string | undefined;
}

/** `abc1234`, `none`, `abc1234 on every host`, or each host's: `w1 abc1234, w2 none`. Pure. */
export function describeLive(hosts: readonly HostLive[]): string {
  const lives = new Set(hosts.map((h) => h.live));
  if (hosts.length === 1 || lives.size === 1) {
    const live = hosts[0]?.live ?? 'none';
    return hosts.length > 1 ? `${live} on every host` : live;
  }
  return hosts.map((h) => `${h.host} ${h.live ?? 'none'}`).join(', ');
}

/**
 * Whether the static hosts serve different releases, and the problem to
 * show then (`swarmlift status`); undefined when they agree. Pure.
 */
export function liveMismatch(hosts: readonly HostLive[]): string | undefined {
  if (new Set(hosts.map((h) => h.live)).size <= 1) return undefined;
  return `the static hosts serve different releases: ${describeLive(hosts)}`;
}
