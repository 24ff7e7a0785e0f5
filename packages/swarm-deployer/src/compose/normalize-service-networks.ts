// networks: (of a service) → network name → its attachment options (null
// when none). A list names networks without options; undefined means the
// service names no networks and joins "default".
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { mapping } from './to-mapping.js';

export function normalizeServiceNetworks(
  networks: ServiceInput['networks'],
): ServiceModel['networks'] {
  return Array.isArray(networks)
    ? Object.fromEntries(networks.map((n) => [n, null]))
    : networks &&
        Object.fromEntries(
          Object.entries(networks).map(([n, c]) => [
            n,
            c && {
              aliases: c.aliases,
              driver_opts:
                c.driver_opts && (mapping(c.driver_opts, '=', false) as Record<string, string>),
            },
          ]),
        );
}
