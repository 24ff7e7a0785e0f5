/** What applyPlan did: stack-waiter judges exactly this deploy from it. */
export interface DeployRecord {
  /** Stack namespace. */
  stack: string;
  /** ISO 8601 time applyPlan started changing the swarm. */
  startedAt: string;
  /** ISO 8601 time applyPlan finished. */
  finishedAt: string;
  services: DeployedService[];
  /** Full names of services removed by prune. */
  removedServices: string[];
}

export interface DeployedService {
  /** Full Swarm service name, e.g. "mystack_web". */
  name: string;
  /** Service id. */
  id: string;
  action: 'create' | 'update' | 'unchanged';
  /** Version.Index before the update; absent for create. */
  versionBefore?: number;
  /** Version.Index read back right after create/update (for unchanged: the current one). */
  versionAfter: number;
  /** Spec.TaskTemplate.ForceUpdate of the applied spec. */
  forceUpdate: number;
  /** Image as written in the compose file. */
  image: string;
  /** Pinned digest (sha256:…) when resolved. */
  digest?: string;
  /** ISO 8601 time the create/update request was sent; absent for unchanged. */
  updateStartedAt?: string;
}
