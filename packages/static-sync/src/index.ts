export {
  type ActivateStaticOptions,
  type ActivateStaticResult,
  activateStatic,
} from './activate-static.js';
export type { TransportOption } from './choose-transport.js';
export {
  type CollectStaticHostOptions,
  type CollectStaticImageOptions,
  type CollectStaticOptions,
  type CollectStaticResult,
  collectStatic,
} from './collect-static.js';
export type { StaticState } from './describe-static-state.js';
export {
  CollectStaticError,
  type HostFailure,
  StaticSyncError,
  type StaticSyncErrorCode,
  SyncStaticToManyError,
  staticSyncErrorCodes,
} from './errors.js';
export type { StaticSyncEvent, StaticSyncWarning, StaticSyncWarningCode } from './events.js';
export { formatEvent } from './format-event.js';
export { type PlanStaticOptions, type PlanStaticResult, planStatic } from './plan-static.js';
export { type ReadStaticStateOptions, readStaticState } from './read-static-state.js';
export { STAGED_GRACE_SECONDS } from './recently-staged.js';
export {
  type RollbackStaticOptions,
  type RollbackStaticResult,
  rollbackStatic,
} from './rollback-static.js';
export { DEFAULT_ALLOWED_PREFIXES } from './safe-path.js';
export { type SyncStaticOptions, type SyncStaticResult, syncStatic } from './sync-static.js';
export {
  type SyncStaticToManyOptions,
  type SyncStaticToManyResult,
  syncStaticToMany,
} from './sync-static-to-many.js';
