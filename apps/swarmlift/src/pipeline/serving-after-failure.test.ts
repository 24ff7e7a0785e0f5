import type { Plan } from '@swarmlift/swarm-deployer';
import { describe, expect, it } from 'vitest';
import { servingAfterFailure, tagOf } from './serving-after-failure.js';

const update = {
  action: 'update',
  name: 'shop_django',
  changes: [
    {
      path: 'TaskTemplate.ContainerSpec.Image',
      kind: 'changed',
      before: 'reg:5000/acme/django-app:1111111@sha256:aa',
      after: 'reg:5000/acme/django-app:2222222@sha256:bb',
    },
  ],
} as unknown as Plan['services'][number];
const plan = { services: [update] };
const base = { plan, appService: 'shop_django', version: '2222222' } as const;

describe('servingAfterFailure', () => {
  it('names the previous version after Swarm rolled back', () => {
    const result = servingAfterFailure({
      ...base,
      status: 'rolled_back',
      failureAction: 'rollback',
    });
    expect(result.version).toBe('1111111');
    expect(result.message).toContain('previous version 1111111 is serving');
  });

  it('says plainly when failure_action is not rollback, and what to set', () => {
    const result = servingAfterFailure({ ...base, status: 'failed', failureAction: undefined });
    expect(result.version).toBeUndefined();
    expect(result.message).toContain('did not roll it back');
    expect(result.message).toContain('failure_action is pause');
    expect(result.message).toContain('failure_action: rollback');
  });

  it('says both may serve after a timeout', () => {
    const result = servingAfterFailure({ ...base, status: 'timed_out', failureAction: 'rollback' });
    expect(result.message).toContain('may both be serving');
  });

  it('says nothing serves for a service this deploy created', () => {
    const created = { services: [{ ...update, action: 'create' }] } as unknown as Pick<
      Plan,
      'services'
    >;
    const result = servingAfterFailure({
      ...base,
      plan: created,
      status: 'failed',
      failureAction: 'rollback',
    });
    expect(result.message).toContain('not serving');
  });
});

describe('tagOf', () => {
  it('reads the tag with a registry port and a digest', () => {
    expect(tagOf('127.0.0.1:5000/a/b:abc1234@sha256:ff')).toBe('abc1234');
    expect(tagOf('127.0.0.1:5000/a/b')).toBeUndefined();
  });
});
