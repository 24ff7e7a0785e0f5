import { ONE_OFF_LABEL } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask } from './engine-types.js';
import { readStackStatus, stackStatusOf } from './read-stack-status.js';

const svc = (id: string, name: string, labels: Record<string, string> = {}): EngineService => ({
  ID: id,
  Spec: { Name: name, Labels: labels, Mode: { Replicated: { Replicas: 1 } } },
});
const running = (id: string, service: string): EngineTask => ({
  ID: id,
  ServiceID: service,
  Slot: 1,
  DesiredState: 'running',
  Status: { State: 'running' },
});

describe('stackStatusOf', () => {
  it('judges every service but one-off jobs, sorted by name; ok only when all are', () => {
    const status = stackStatusOf(
      'shop',
      [
        svc('2', 'shop_web'),
        svc('1', 'shop_redis'),
        svc('3', 'shop_migrate', { [ONE_OFF_LABEL]: 'shop' }),
      ],
      [running('t1', '1')],
      [],
    );
    expect(status.services.map((s) => [s.name, s.ok])).toEqual([
      ['shop_redis', true],
      ['shop_web', false],
    ]);
    expect(status.ok).toBe(false);
    expect(stackStatusOf('shop', [svc('1', 'shop_redis')], [running('t1', '1')], []).ok).toBe(true);
  });

  it('a stack without services is not ok', () => {
    expect(stackStatusOf('none', [], [], [])).toEqual({ stack: 'none', services: [], ok: false });
  });
});

describe('readStackStatus options', () => {
  it('refuses a missing remote and a bad stack name before reading anything', async () => {
    await expect(
      readStackStatus({ remote: undefined as never, stack: 'shop' }),
    ).rejects.toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'remote',
    });
    await expect(
      readStackStatus({ remote: { docker: {} as never }, stack: 'not a name' }),
    ).rejects.toMatchObject({ code: 'OPTIONS_INVALID' });
  });
});
