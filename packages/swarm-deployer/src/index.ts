// The public API. Loading (compose → LoadedStack) and deploying (plan, apply,
// remove) each keep their exports in their own block below.
// biome-ignore-all assist/source/organizeImports: one export block per half of the package, each sorted on its own

export { SwarmDeployerError, type SwarmDeployerErrorCode } from './errors.js';
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
} from './compose/compose-error.js';
export { type LoadStackOptions, loadStack } from './load-stack.js';

// --- deploying (plan-stack.ts, apply-plan.ts, remove-stack.ts, format-plan.ts)
export { type ApplyPlanOptions, applyPlan } from './apply-plan.js';
export type { DeployedService, DeployRecord } from './deploy-record.js';
export type { SpecChange } from './diff-spec.js';
export type { DeployEvent } from './events.js';
export { formatPlan } from './format-plan.js';
export type {
  NetworkPlan,
  Plan,
  PlanWarning,
  ResolveImageMode,
  SecretOrConfigPlan,
  ServicePlan,
} from './plan.js';
export { type PlanStackOptions, planStack } from './plan-stack.js';
export {
  encodeRegistryAuth,
  type ReadDockerConfigAuthOptions,
  type RegistryAuth,
  type RegistryCredential,
  readDockerConfigAuth,
  registryOf,
} from './registry-auth.js';
export { type RemoveStackOptions, type RemoveStackResult, removeStack } from './remove-stack.js';
