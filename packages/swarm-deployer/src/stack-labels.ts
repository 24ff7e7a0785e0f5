/** The labels `docker stack` uses; keeping them makes `docker stack ps/services/rm` work on our stacks. */
export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

/** The list filter for everything of one stack. */
export function stackFilter(stack: string): string {
  return JSON.stringify({ label: [`${NAMESPACE_LABEL}=${stack}`] });
}
