// Where a service refers to something declared elsewhere (a network, a named
// volume, a secret, a config), and where it sets its image and its legacy
// restart: keyed as in
// ServiceModel.references, so that a problem found after merging (an
// undefined network, ...) points at the line that names it.
import type { ServiceInput } from './compose-schema.js';
import type { NormalizedServiceVolumes } from './normalize-service-volumes.js';
import type { Path } from './path-problem.js';

/** Reference key → its path in the compose file; a later entry with the same key wins. */
export function serviceReferences(
  service: Pick<ServiceInput, 'networks' | 'secrets' | 'configs' | 'restart' | 'image'>,
  volumes: NormalizedServiceVolumes,
  at: Path,
): Record<string, Path> {
  const references: Record<string, Path> = {};
  const { networks } = service;
  const networkNames = Array.isArray(networks) ? networks : Object.keys(networks ?? {});
  networkNames.forEach((n, i) => {
    references[`network:${n}`] = [...at, 'networks', Array.isArray(networks) ? i : n];
  });
  volumes.volumes.forEach((v, i) => {
    if (v.type === 'volume' && v.source)
      references[`volume:${v.source}`] = [...at, 'volumes', volumes.fileIndex[i] ?? i];
  });
  for (const kind of ['secrets', 'configs'] as const) {
    (service[kind] ?? []).forEach((ref, i) => {
      const source = typeof ref === 'string' ? ref : ref.source;
      references[`${kind.slice(0, -1)}:${source}`] = [...at, kind, i];
    });
  }
  if (service.restart !== undefined) references.restart = [...at, 'restart'];
  // Only a non-empty image: an empty one does not override an earlier file's when merged.
  if (service.image) references.image = [...at, 'image'];
  return references;
}
