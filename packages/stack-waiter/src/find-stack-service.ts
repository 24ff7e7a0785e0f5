import type { EngineService } from './engine-types.js';
import { StackWaiterError } from './errors.js';
import { isOneOffService } from './resolve-targets.js';

/**
 * The stack's service named `wanted`, as the compose file names it (`web`)
 * or in full (`shop_web`); one-off jobs are not the stack's. An empty stack
 * is `WAIT_STACK_EMPTY`; an unknown name `WAIT_SERVICE_NOT_FOUND`, listing
 * the services there are. Pure.
 */
export function findStackService(
  stack: string,
  services: readonly EngineService[],
  wanted: string,
): EngineService {
  const own = services.filter((service) => !isOneOffService(service));
  if (own.length === 0)
    throw new StackWaiterError({
      code: 'WAIT_STACK_EMPTY',
      message: `Stack "${stack}" has no services on this swarm.`,
      hint: 'Check the stack name (`docker stack ls`) and that it was deployed to this manager.',
    });
  const nameOf = (service: EngineService) => service.Spec.Name ?? service.ID;
  const found = own.find(
    (service) => nameOf(service) === wanted || nameOf(service) === `${stack}_${wanted}`,
  );
  if (found) return found;
  const names = own
    .map((service) => {
      const name = nameOf(service);
      return name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
    })
    .sort();
  throw new StackWaiterError({
    code: 'WAIT_SERVICE_NOT_FOUND',
    message: `"${wanted}" is not a service of stack "${stack}" (it has: ${names.join(', ')}).`,
    hint: `Name a service as in the compose file ("${names[0]}") or in full ("${stack}_${names[0]}").`,
  });
}
