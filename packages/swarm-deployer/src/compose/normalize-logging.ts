// logging: → driver and options (option values as text).
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { mapping } from './to-mapping.js';

export function normalizeLogging(logging: ServiceInput['logging']): ServiceModel['logging'] {
  return (
    logging && {
      driver: logging.driver,
      options: logging.options
        ? (mapping(logging.options, '=', false) as Record<string, string>)
        : undefined,
    }
  );
}
