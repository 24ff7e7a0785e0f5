// restart: (the container option Swarm ignores) → its text. The CLI warns
// that it is unsupported, then still makes it the restart policy when
// deploy.restart_policy is absent (see convertService).
import { goString } from './to-mapping.js';

export function normalizeLegacyRestart(restart: unknown): string | undefined {
  return restart === undefined || restart === null ? undefined : goString(restart);
}
