import type { EngineService } from './engine-types.js';
import type { ServiceModeName } from './types.js';

/** The service's scheduling mode, as the compose file and `docker service ls` name it. */
export function serviceMode(service: EngineService): ServiceModeName {
  const mode = service.Spec.Mode ?? {};
  if (mode.ReplicatedJob) return 'replicated-job';
  if (mode.GlobalJob) return 'global-job';
  if (mode.Global) return 'global';
  return 'replicated';
}
