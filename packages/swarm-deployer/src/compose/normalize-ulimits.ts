// ulimits: → { single } for a plain number, { soft, hard } for a mapping.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';

export function normalizeUlimits(ulimits: ServiceInput['ulimits']): ServiceModel['ulimits'] {
  const out: ServiceModel['ulimits'] = {};
  for (const [key, value] of Object.entries(ulimits ?? {})) {
    out[key] =
      typeof value === 'number' ? { single: value } : { soft: value.soft, hard: value.hard };
  }
  return out;
}
