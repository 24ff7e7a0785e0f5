// extra_hosts: → "host:ip" entries. A list is kept as written; a mapping is
// turned into a sorted list (entries with a null address dropped), as the
// CLI's loader does.
import type { ServiceInput } from './compose-schema.js';
import { goString } from './to-mapping.js';

export function normalizeExtraHosts(extraHosts: ServiceInput['extra_hosts']): string[] {
  return Array.isArray(extraHosts)
    ? extraHosts
    : Object.entries(extraHosts ?? {})
        .filter(([, ip]) => ip !== null)
        .map(([host, ip]) => `${host}:${goString(ip)}`)
        .sort();
}
