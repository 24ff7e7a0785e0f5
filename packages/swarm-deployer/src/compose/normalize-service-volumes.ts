// volumes: (of a service) → mounts. The short syntax is parsed by
// parseVolumeSpec; a bind mount's source is made absolute ("~" is $HOME,
// relative paths start at the project directory), as the CLI's loader does.
import { isAbsolute, resolve } from 'node:path';
import type { ServiceInput } from './compose-schema.js';
import { bytesField } from './field-values.js';
import { parseVolumeSpec, type ServiceVolume } from './parse-volume-spec.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export interface NormalizedServiceVolumes {
  volumes: ServiceVolume[];
  /** The index in the file of each entry of `volumes` (entries with problems are left out). */
  fileIndex: number[];
}

export function normalizeServiceVolumes(
  volumes: ServiceInput['volumes'],
  at: Path,
  context: { projectDir: string; home: string | undefined },
): Normalized<NormalizedServiceVolumes> {
  const problems: PathProblem[] = [];
  const value: NormalizedServiceVolumes = { volumes: [], fileIndex: [] };
  volumes?.forEach((volume, index) => {
    let parsed: ServiceVolume | string;
    if (typeof volume === 'string') {
      parsed = parseVolumeSpec(volume);
    } else {
      parsed = {
        type: volume.type,
        source: volume.source,
        target: volume.target,
        read_only: volume.read_only,
        consistency: volume.consistency,
        bind: volume.bind && { propagation: volume.bind.propagation },
        volume: volume.volume && { nocopy: volume.volume.nocopy },
        tmpfs: volume.tmpfs && {
          size: bytesField(volume.tmpfs.size, [...at, 'volumes', index, 'tmpfs', 'size'], problems),
        },
      };
    }
    if (typeof parsed === 'string') {
      problems.push({ path: [...at, 'volumes', index], message: parsed });
      return;
    }
    if (parsed.type === 'bind') {
      if (!parsed.source) {
        problems.push({ path: [...at, 'volumes', index], message: 'a bind mount needs a source' });
        return;
      }
      let path = parsed.source;
      if (path.startsWith('~') && context.home !== undefined) path = context.home + path.slice(1);
      if (!isAbsolute(path)) path = resolve(context.projectDir, path);
      parsed.source = path;
    }
    value.volumes.push(parsed);
    value.fileIndex.push(index);
  });
  return { value, problems };
}
