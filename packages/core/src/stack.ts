import { OptionsError } from './errors.js';

/** The labels `docker stack` uses; keeping them makes `docker stack ps/services/rm` work on our stacks. */
export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const STACK_IMAGE_LABEL = 'com.docker.stack.image';
/** Prefix of every label swarmlift itself sets. */
export const SWARMLIFT_LABEL_PREFIX = 'io.swarmlift.';
/**
 * Marks a one-off job (a migration) that runs beside a stack; its value is the
 * stack's name. Such a service never carries the namespace label, so a prune
 * or a record-less wait does not take it for part of the stack.
 */
export const ONE_OFF_LABEL = 'io.swarmlift.one-off';

// The rule `docker stack deploy` applies to a namespace (it becomes a prefix of
// service, network, secret and config names).
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_STACK_NAME = 63;

/** True for a name `docker stack deploy` accepts. */
export function isStackName(name: string): boolean {
  return name.length <= MAX_STACK_NAME && STACK_NAME.test(name);
}

/** Returns `name` when it is a valid stack name, else throws an OptionsError naming `field`. */
export function checkStackName(name: unknown, field = 'stack'): string {
  if (typeof name !== 'string' || !isStackName(name)) {
    throw new OptionsError({
      field,
      message: `${JSON.stringify(name)} is not a valid stack name`,
      hint: `Use up to ${MAX_STACK_NAME} letters, digits, "_", "." and "-", starting with a letter or digit (e.g. STACK_NAME=myapp).`,
    });
  }
  return name;
}

/** The engine list filter (`filters=`) for everything that belongs to one stack. */
export function stackFilter(stack: string): string {
  return JSON.stringify({ label: [`${STACK_NAMESPACE_LABEL}=${stack}`] });
}
