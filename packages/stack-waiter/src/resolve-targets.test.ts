import { describe, expect, it } from 'vitest';
import type { EngineService } from './engine-types.js';
import { isOneOffService, resolveTargets } from './resolve-targets.js';

const svc = (ID: string, Name: string): EngineService => ({ ID, Spec: { Name } });
const stackServices = [svc('1', 'app_web'), svc('2', 'app_worker'), svc('3', 'app_cron')];

describe('resolveTargets', () => {
  it('without a record judges every service of the stack by its current spec', () => {
    const targets = resolveTargets({
      stack: 'app',
      stackServices,
      record: undefined,
      only: undefined,
      sinceMs: 5,
    });
    expect(targets.map((t) => [t.name, t.kind])).toEqual([
      ['app_web', 'judge'],
      ['app_worker', 'judge'],
      ['app_cron', 'judge'],
    ]);
    expect(targets[0]).toMatchObject({ expectation: { action: 'current', sinceMs: 5 } });
  });

  it('with a record judges only what the deploy created or updated; the rest is unchanged', () => {
    const record = {
      stack: 'app',
      startedAt: '2024-05-01T12:00:00Z',
      services: [
        { name: 'app_web', id: '1', action: 'update' as const, versionAfter: 9, forceUpdate: 2 },
        {
          name: 'app_worker',
          id: '2',
          action: 'unchanged' as const,
          versionAfter: 4,
          forceUpdate: 0,
        },
        { name: 'app_gone', id: '9', action: 'create' as const, versionAfter: 1, forceUpdate: 0 },
      ],
    };
    const targets = resolveTargets({
      stack: 'app',
      stackServices,
      record,
      only: undefined,
      sinceMs: undefined,
    });
    expect(targets.map((t) => [t.name, t.kind])).toEqual([
      ['app_web', 'judge'],
      ['app_worker', 'unchanged'],
      ['app_gone', 'missing'],
      ['app_cron', 'unchanged'],
    ]);
    expect(targets[0]).toMatchObject({ expectation: { action: 'update', forceUpdate: 2 } });
  });

  it('picks named services by short or full name', () => {
    const targets = resolveTargets({
      stack: 'app',
      stackServices,
      record: undefined,
      only: ['web', 'app_cron', 'app_web'],
      sinceMs: undefined,
    });
    expect(targets.map((t) => t.name)).toEqual(['app_web', 'app_cron']);
  });

  it('refuses an empty stack and an unknown service', () => {
    expect(() =>
      resolveTargets({
        stack: 'app',
        stackServices: [],
        record: undefined,
        only: undefined,
        sinceMs: undefined,
      }),
    ).toThrow(expect.objectContaining({ code: 'WAIT_STACK_EMPTY' }));
    expect(() =>
      resolveTargets({
        stack: 'app',
        stackServices,
        record: undefined,
        only: ['api'],
        sinceMs: undefined,
      }),
    ).toThrow(
      'services: "api" is not a service of stack "app" (it has: app_web, app_worker, app_cron).',
    );
  });
});

describe('resolveTargets and one-off jobs', () => {
  const oneOff: EngineService = {
    ID: '7',
    Spec: { Name: 'app_migrate_1a2b', Labels: { 'io.swarmlift.one-off': 'app' } },
  };

  it('never counts a one-off job service as part of the stack, even one with the namespace label', () => {
    expect(isOneOffService(oneOff)).toBe(true);
    expect(isOneOffService(stackServices[0] as EngineService)).toBe(false);
    const targets = resolveTargets({
      stack: 'app',
      stackServices: [...stackServices, oneOff],
      record: undefined,
      only: undefined,
      sinceMs: undefined,
    });
    expect(targets.map((t) => t.name)).toEqual(['app_web', 'app_worker', 'app_cron']);
  });

  it('a stack whose only service is a one-off job is empty', () => {
    expect(() =>
      resolveTargets({
        stack: 'app',
        stackServices: [oneOff],
        record: undefined,
        only: undefined,
        sinceMs: undefined,
      }),
    ).toThrow(expect.objectContaining({ code: 'WAIT_STACK_EMPTY' }));
  });

  it('the one-off job cannot be named either', () => {
    expect(() =>
      resolveTargets({
        stack: 'app',
        stackServices: [...stackServices, oneOff],
        record: undefined,
        only: ['migrate_1a2b'],
        sinceMs: undefined,
      }),
    ).toThrow(expect.objectContaining({ code: 'WAIT_SERVICE_NOT_FOUND' }));
  });
});
