/**
 * The app service's placement constraints (`deploy.placement.constraints`),
 * for the one-off jobs that run its image (migrate, manage): they run only
 * where the app may run — the nodes that can pull its image and reach its
 * database — not on any node of the swarm. Pure.
 */
export function appConstraints(spec: unknown): string[] {
  const constraints = (
    spec as { TaskTemplate?: { Placement?: { Constraints?: unknown } } } | undefined
  )?.TaskTemplate?.Placement?.Constraints;
  if (!Array.isArray(constraints)) return [];
  return constraints.filter(
    (constraint): constraint is string =>
      typeof constraint === 'string' && constraint.trim() !== '',
  );
}
