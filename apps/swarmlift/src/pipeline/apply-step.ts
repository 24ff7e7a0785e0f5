import {
  applyPlan,
  type DeployRecord,
  formatEvent as formatDeployEvent,
  formatPlan,
  type LoadedStack,
  type Plan,
  planStack,
} from '@swarmlift/swarm-deployer';
import type { Step } from '../output/reporter.js';
import { forwardEvents, type RunContext } from './run-context.js';

/** Compares the loaded stack with the swarm (read-only), as `docker stack deploy --prune` would change it. */
export async function planStep(
  context: RunContext,
  stack: LoadedStack,
  options: { resolveImage?: 'always' | 'never' } = {},
): Promise<Plan> {
  return planStack({
    remote: await context.manager(),
    stack,
    credentials: context.settings.credentials,
    prune: true,
    resolveImage: options.resolveImage ?? 'always',
    signal: context.signal,
  });
}

/** Prints the plan: every change by field, env variables by name only. */
export function showPlan(context: RunContext, plan: Plan): void {
  // formatPlan's first line is its own title ("Plan for stack X (with prune):").
  const [title = `Plan for stack ${plan.stack}`, ...body] = formatPlan(plan).split('\n');
  context.reporter.block(title.replace(/:$/, ''), body.join('\n').replace(/^\n+/, ''));
}

/** Applies the plan with registry auth for every node (`--with-registry-auth`). */
export async function applyStep(
  context: RunContext,
  step: Step,
  plan: Plan,
): Promise<DeployRecord> {
  return applyPlan({
    remote: await context.manager(),
    plan,
    credentials: context.settings.credentials,
    onEvent: forwardEvents(step, 'swarm-deployer', formatDeployEvent),
    signal: context.signal,
  });
}
