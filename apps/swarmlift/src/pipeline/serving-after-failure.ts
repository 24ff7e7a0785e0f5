import type { Plan } from '@swarmlift/swarm-deployer';

export interface ServingInput {
  /** The plan that was applied. */
  plan: Pick<Plan, 'services'>;
  /** Full name of the app service, e.g. `shop_django`. */
  appService: string;
  /** How the wait ended. */
  status: 'failed' | 'rolled_back' | 'timed_out';
  /** The app service's `update_config.failure_action` (`pause` when unset, Swarm's default). */
  failureAction: string | undefined;
  /** The new version, e.g. `abc1234`. */
  version: string;
}

/** Says which version serves after a deploy that did not converge; `version` is the tag serving, when known. */
export function servingAfterFailure(input: ServingInput): {
  version: string | undefined;
  message: string;
} {
  const service = input.plan.services.find((s) => s.name === input.appService);
  const previous = service ? previousImage(service) : undefined;
  const previousVersion = previous ? tagOf(previous) : undefined;
  if (service?.action === 'create') {
    return {
      version: undefined,
      message: `${input.appService} is new in this deploy, so there is no earlier version to serve: it is not serving.`,
    };
  }
  if (input.status === 'rolled_back') {
    return {
      version: previousVersion,
      message: `Swarm rolled ${input.appService} back: the previous version${previousVersion ? ` ${previousVersion}` : ''} is serving, not ${input.version}.`,
    };
  }
  if (input.status === 'timed_out') {
    return {
      version: undefined,
      message: `The update of ${input.appService} to ${input.version} had not finished when the wait ended: tasks of ${previousVersion ?? 'the previous version'} and ${input.version} may both be serving, and Swarm goes on with the update.`,
    };
  }
  const action = input.failureAction ?? 'pause';
  if (action === 'rollback') {
    return {
      version: previousVersion,
      message: `The update of ${input.appService} failed; failure_action is rollback, so Swarm returns it to ${previousVersion ?? 'the previous version'}.`,
    };
  }
  return {
    version: undefined,
    message: `The update of ${input.appService} failed and Swarm did not roll it back (update_config.failure_action is ${action}${input.failureAction ? '' : ', Swarm’s default'}): the update is paused, tasks of ${previousVersion ?? 'the previous version'} and ${input.version} may both be running. Set failure_action: rollback in the compose file so a failed update returns to the previous version by itself.`,
  };
}

function previousImage(service: Plan['services'][number]): string | undefined {
  if (service.action !== 'update')
    return service.action === 'unchanged' ? service.deployImage : undefined;
  const change = service.changes.find((c) => c.path === 'TaskTemplate.ContainerSpec.Image');
  return typeof change?.before === 'string' ? change.before : undefined;
}

/** `reg/app:abc1234@sha256:…` → `abc1234`. */
export function tagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}
