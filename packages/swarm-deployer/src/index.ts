// The public API. Loading (compose → LoadedStack) and deploying (plan, apply,
// remove) each keep their exports in their own block below.

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

// --- deploying (plan-stack.ts, apply-plan.ts, remove-stack.ts, format-plan.ts)
