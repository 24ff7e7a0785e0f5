import type { Plan } from '@swarmlift/swarm-deployer';
import { describe, expect, it } from 'vitest';
import { envChanges, formatEnvChanges } from './env-changes.js';

const plan = {
  services: [
    {
      name: 's_django',
      action: 'update',
      changes: [
        { path: 'TaskTemplate.ContainerSpec.Env.SENTRY_DSN', kind: 'added', sensitive: true },
        { path: 'TaskTemplate.ContainerSpec.Env.OLD', kind: 'removed', sensitive: true },
        { path: 'TaskTemplate.ContainerSpec.Env.SECRET_KEY', kind: 'changed', sensitive: true },
        { path: 'TaskTemplate.ContainerSpec.Image', kind: 'changed', before: 'a', after: 'b' },
      ],
    },
  ],
} as unknown as Pick<Plan, 'services'>;

describe('envChanges', () => {
  it('lists the keys by kind, and nothing else', () => {
    expect(envChanges(plan, 's_django')).toEqual({
      added: ['SENTRY_DSN'],
      removed: ['OLD'],
      changed: ['SECRET_KEY'],
    });
    expect(formatEnvChanges(envChanges(plan, 's_django'))).toBe(
      '+ SENTRY_DSN, - OLD, ~ SECRET_KEY',
    );
  });

  it('is empty for a service that is not updated', () => {
    expect(formatEnvChanges(envChanges(plan, 's_redis'))).toBe('no changes');
  });
});
