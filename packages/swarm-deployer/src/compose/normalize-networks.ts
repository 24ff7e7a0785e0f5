// networks: (top level) → network definitions. An external network is named
// by external.name, name or its key; external.name with name is refused, as
// the CLI does.
import type { SourceLocation } from '../stack.js';
import type { NetworkModel } from './compose-model.js';
import type { ComposeFileInput } from './compose-schema.js';
import { normalizeExternal } from './normalize-external.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';
import { mapping } from './to-mapping.js';

export function normalizeNetworks(
  networks: ComposeFileInput['networks'],
  source: (path: Path) => SourceLocation,
): Normalized<Record<string, NetworkModel>> {
  const problems: PathProblem[] = [];
  const value: Record<string, NetworkModel> = {};
  for (const [name, n] of Object.entries(networks ?? {})) {
    const at = ['networks', name];
    const ext = normalizeExternal(n?.external);
    if (ext.name && n?.name)
      problems.push({
        path: at,
        message: 'network.external.name and network.name conflict; only use network.name',
      });
    value[name] = {
      name: n?.name ?? ext.name ?? (ext.external ? name : undefined),
      driver: n?.driver,
      driver_opts: n?.driver_opts && (mapping(n.driver_opts, '=', false) as Record<string, string>),
      ipam: n?.ipam,
      external: ext.external,
      internal: n?.internal,
      attachable: n?.attachable,
      labels: mapping(n?.labels, '=', false) as Record<string, string>,
      source: source(at),
    };
  }
  return { value, problems };
}
