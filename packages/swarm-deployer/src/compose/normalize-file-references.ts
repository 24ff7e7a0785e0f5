// secrets: and configs: (of a service) → references: a bare name is
// { source: name }, a mapping is copied.
import type { FileReference } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';

export function normalizeFileReferences(list: ServiceInput['secrets']): FileReference[] {
  return (list ?? []).map((ref) => (typeof ref === 'string' ? { source: ref } : { ...ref }));
}
