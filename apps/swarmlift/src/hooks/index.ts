// The hooks of swarmlift.config.{json,yaml} (`hooks:`), for every command that deploys.
// A command runs `runPreDeployHook` before it takes the lock, `runAfterHook('post-deploy')`
// after a success and `runAfterHook('on-failure')` after it printed its error.
export { type HookStatus, type HookVariables, hookEnv, INHERITED_NAMES } from './hook-env.js';
export { errorCodeOf, failureStatusOf } from './hook-status.js';
export { type HookVerdict, judgeHook } from './hook-verdict.js';
export { type RunHookOptions, runAfterHook, runHook, runPreDeployHook } from './run-hook.js';
