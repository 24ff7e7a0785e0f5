import { ONE_OFF_LABEL } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import type { EngineService } from './engine-types.js';
import { findStackService } from './find-stack-service.js';

const svc = (id: string, name: string, labels: Record<string, string> = {}): EngineService => ({
  ID: id,
  Spec: { Name: name, Labels: labels },
});
const services = [
  svc('1', 'shop_web'),
  svc('2', 'shop_redis'),
  svc('3', 'shop_migrate_1a2b', { [ONE_OFF_LABEL]: 'shop' }),
];

describe('findStackService', () => {
  it('finds a service by its compose name or its full name', () => {
    expect(findStackService('shop', services, 'web').ID).toBe('1');
    expect(findStackService('shop', services, 'shop_redis').ID).toBe('2');
  });

  it('an unknown name lists the services there are, by compose name, never the one-off job', () => {
    let error: unknown;
    try {
      findStackService('shop', services, 'migrate_1a2b');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'WAIT_SERVICE_NOT_FOUND',
      message: '"migrate_1a2b" is not a service of stack "shop" (it has: redis, web).',
    });
  });

  it('a stack without services is WAIT_STACK_EMPTY', () => {
    expect(() => findStackService('none', [services[2] as EngineService], 'web')).toThrow(
      expect.objectContaining({ code: 'WAIT_STACK_EMPTY' }),
    );
  });
});
