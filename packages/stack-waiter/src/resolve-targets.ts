import { ONE_OFF_LABEL } from '@swarmlift/core';
import type { EngineService } from './engine-types.js';
import { StackWaiterError } from './errors.js';
import type { ServiceExpectation } from './judge-service.js';
import type { DeployRecordInput } from './types.js';

/** A service the wait follows, or reports as untouched. */
export type WaitTarget =
  | { kind: 'judge'; id: string; name: string; expectation: ServiceExpectation }
  | { kind: 'unchanged'; id: string; name: string }
  /** In the deploy record but gone from the swarm. */
  | { kind: 'missing'; id: string; name: string };

/**
 * Decides which services of the stack to judge and how: with a deploy
 * record, only those it created or updated (the rest are `unchanged`, their
 * old update states never fail this deploy); without one, every service's
 * current spec. A one-off job service (labelled `io.swarmlift.one-off`, as
 * the migrator's is) is never part of the stack. An empty stack or an unknown
 * service name is an error.
 */
export function resolveTargets(options: {
  stack: string;
  stackServices: readonly EngineService[];
  record: DeployRecordInput | undefined;
  only: readonly string[] | undefined;
  sinceMs: number | undefined;
}): WaitTarget[] {
  const { stack, record, only } = options;
  const stackServices = options.stackServices.filter((service) => !isOneOffService(service));
  if (stackServices.length === 0 && (!record || record.services.length === 0)) {
    throw new StackWaiterError({
      code: 'WAIT_STACK_EMPTY',
      message: `Stack "${stack}" has no services on this swarm.`,
      hint: 'Check the stack name (`docker stack ls`) and that the deploy ran against this manager; an empty stack is never a successful deploy.',
    });
  }
  const nameOf = (service: EngineService) => service.Spec.Name ?? service.ID;
  let targets: WaitTarget[];
  if (record) {
    const byId = new Map(stackServices.map((service) => [service.ID, service]));
    const byName = new Map(stackServices.map((service) => [nameOf(service), service]));
    const recorded = new Set<string>();
    targets = record.services.map((entry): WaitTarget => {
      const service = byId.get(entry.id) ?? byName.get(entry.name);
      if (service) recorded.add(service.ID);
      if (!service) return { kind: 'missing', id: entry.id, name: entry.name };
      if (entry.action === 'unchanged')
        return { kind: 'unchanged', id: service.ID, name: nameOf(service) };
      return {
        kind: 'judge',
        id: service.ID,
        name: nameOf(service),
        expectation: { action: entry.action, forceUpdate: entry.forceUpdate },
      };
    });
    for (const service of stackServices) {
      if (!recorded.has(service.ID))
        targets.push({ kind: 'unchanged', id: service.ID, name: nameOf(service) });
    }
  } else {
    targets = stackServices.map((service) => ({
      kind: 'judge',
      id: service.ID,
      name: nameOf(service),
      expectation: { action: 'current', sinceMs: options.sinceMs },
    }));
  }
  if (!only || only.length === 0) return targets;
  const wanted = only.map((name) => {
    const target = targets.find((t) => t.name === name || t.name === `${stack}_${name}`);
    if (!target) {
      throw new StackWaiterError({
        code: 'WAIT_SERVICE_NOT_FOUND',
        message: `services: "${name}" is not a service of stack "${stack}" (it has: ${
          targets.map((t) => t.name).join(', ') || 'none'
        }).`,
        hint: `Name a service as in the compose file ("web") or in full ("${stack}_web").`,
      });
    }
    return target;
  });
  return [...new Set(wanted)];
}

/** A one-off job (the migrator's), not a service of the stack, whatever its other labels. */
export function isOneOffService(service: EngineService): boolean {
  return service.Spec.Labels?.[ONE_OFF_LABEL] !== undefined;
}
