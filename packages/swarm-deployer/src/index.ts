// The public API. Loading (compose → LoadedStack) and deploying (plan, apply,
// remove) each keep their exports in their own block below.
// biome-ignore-all assist/source/organizeImports: one export block per half of the package, each sorted on its own

export {
  ApplyError,
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
