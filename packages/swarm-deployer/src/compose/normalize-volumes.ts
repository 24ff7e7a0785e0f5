// volumes: (top level) → volume definitions. An external volume takes no
// driver, driver options or labels, as the CLI checks.
import type { SourceLocation } from '../stack.js';
import type { VolumeModel } from './compose-model.js';
import type { ComposeFileInput } from './compose-schema.js';
import { normalizeExternal } from './normalize-external.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';
import { mapping } from './to-mapping.js';

export function normalizeVolumes(
  volumes: ComposeFileInput['volumes'],
  source: (path: Path) => SourceLocation,
): Normalized<Record<string, VolumeModel>> {
  const problems: PathProblem[] = [];
  const value: Record<string, VolumeModel> = {};
  for (const [name, v] of Object.entries(volumes ?? {})) {
    const at = ['volumes', name];
    const ext = normalizeExternal(v?.external);
    if (ext.external) {
      for (const key of ['driver', 'driver_opts', 'labels'] as const) {
        if (v?.[key] !== undefined)
          problems.push({
            path: [...at, key],
            message: `conflicting parameters "external" and "${key}" specified for volume "${name}"`,
          });
      }
    }
    if (ext.name && v?.name)
      problems.push({
        path: at,
        message: 'volume.external.name and volume.name conflict; only use volume.name',
      });
    value[name] = {
      name: v?.name ?? ext.name ?? (ext.external ? name : undefined),
      driver: v?.driver,
      driver_opts: v?.driver_opts && (mapping(v.driver_opts, '=', false) as Record<string, string>),
      external: ext.external,
      labels: mapping(v?.labels, '=', false) as Record<string, string>,
      source: source(at),
    };
  }
  return { value, problems };
}
