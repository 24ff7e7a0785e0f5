import { tryParseImageReference } from '@swarmlift/core';
import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';

/**
 * The images a rollback to `record` needs from `registry`, by digest
 * (`host/repo@sha256:…`), once each: the app image and every recorded
 * service image pinned by digest in that registry. Images of other
 * registries (redis, nginx from Docker Hub) are not ours to check.
 */
export function imagesToCheck(
  record: Pick<DeployHistoryRecord, 'image' | 'digest' | 'services'>,
  registry: string,
): string[] {
  const wanted = new Set<string>();
  const add = (image: string | undefined, digest?: string) => {
    const ref = image === undefined ? undefined : tryParseImageReference(image);
    const pinned = digest ?? ref?.digest;
    if (!ref || !pinned || ref.registry !== registry) return;
    wanted.add(`${ref.registry}/${ref.repository}@${pinned}`);
  };
  add(record.image, record.digest);
  for (const service of record.services) {
    const specImage = (
      service.spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined
    )?.ContainerSpec?.Image;
    add(specImage ?? service.image, specImage ? undefined : service.digest);
  }
  return [...wanted].sort();
}
