// The public API. Loading (compose → LoadedStack) and deploying (plan, apply,
// remove) each keep their exports in their own block below.
// biome-ignore-all assist/source/organizeImports: one export block per half of the package, each sorted on its own

export {
  ApplyError,
  DeployHistoryError,
  EngineRequestError,
  PlanError,
  type PlanErrorCode,
  type PlanProblem,
  SwarmDeployerError,
  type SwarmDeployerErrorCode,
  swarmDeployerErrorCodes,
} from './errors.js';
export type {
  LoadedStack,
  SourceLocation,
  StackNetwork,
  StackSecretOrConfig,
  StackService,
  StackVolume,
  StackWarning,
} from './stack.js';

// --- loading (src/compose/**, load-stack.ts)
export {
  ComposeError,
  type ComposeErrorCode,
  type ComposeProblem,
  composeErrorCodes,
} from './compose/compose-error.js';
export { type LoadStackOptions, loadStack } from './load-stack.js';

// --- deploying (plan-stack.ts, apply-plan.ts, remove-stack.ts, format-plan.ts, format-event.ts)
export { type ApplyPlanOptions, applyPlan } from './apply-plan.js';
export { applySteps } from './apply-steps.js';
export type { DeployedService, DeployRecord } from './deploy-record.js';
export type { SpecChange } from './diff-spec.js';
export type { DeployEvent } from './events.js';
export { formatEvent } from './format-event.js';
export { formatPlan } from './format-plan.js';
export type {
  NetworkCreatePlan,
  NetworkPlan,
  NetworkRemovePlan,
  NetworkUnchangedPlan,
  Plan,
  PlanWarning,
  ResolveImageMode,
  SecretOrConfigCreatePlan,
  SecretOrConfigPlan,
  SecretOrConfigRemovePlan,
  SecretOrConfigUnchangedPlan,
  ServiceCreatePlan,
  ServicePlan,
  ServiceRemovePlan,
  ServiceUnchangedPlan,
  ServiceUpdatePlan,
} from './plan.js';
export { type PlanStackOptions, planStack } from './plan-stack.js';
export { type RemoveStackOptions, type RemoveStackResult, removeStack } from './remove-stack.js';

// --- deploy history (record-deploy.ts, list-deploys.ts, read-service-specs.ts, deploy-record-from-apply.ts, restore-deploy.ts)
export type {
  DeployHistoryRecord,
  DeployHistoryService,
  DeployOutcome,
  NewDeployRecord,
} from './deploy-history.js';
export {
  type DeployRecordFromApplyOptions,
  deployRecordFromApply,
} from './deploy-record-from-apply.js';
export { DEPLOY_RECORD_LABEL } from './deploy-record-labels.js';
export { MAX_DEPLOY_RECORD_BYTES } from './fit-deploy-record.js';
export { type ListDeploysOptions, type ListDeploysResult, listDeploys } from './list-deploys.js';
export {
  type PlanRestoreResult,
  planRestore,
  type RestoreCurrentState,
} from './plan-restore.js';
export {
  type ReadServiceSpecsOptions,
  readServiceSpecs,
  type ServiceSpecEntry,
  type ServiceSpecs,
} from './read-service-specs.js';
export {
  type RecordDeployOptions,
  type RecordDeployResult,
  recordDeploy,
} from './record-deploy.js';
export {
  type PlanRestoreDeployOptions,
  planRestoreDeploy,
  type RestoreDeployOptions,
  type RestoreDeployResult,
  restoreDeploy,
} from './restore-deploy.js';
export {
  type ActionCounts,
  type PlanSummary,
  planHasChanges,
  summarizePlan,
} from './summarize-plan.js';
