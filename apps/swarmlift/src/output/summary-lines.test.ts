import { describe, expect, it } from 'vitest';
import { isFailure, summaryLines } from './summary-lines.js';

describe('summaryLines', () => {
  it('sums up a deploy', () => {
    expect(
      summaryLines({
        command: 'deploy',
        status: 'deployed',
        exitCode: 0,
        durationMs: 42_000,
        stack: 'shop',
        version: 'abc1234',
        image: 'ghcr.io/acme/shop/django-app:abc1234',
        digest: 'sha256:0123',
        services: [
          { name: 'shop_django', action: 'updated' },
          { name: 'shop_redis', action: 'unchanged' },
        ],
        migrations: ['app.0002_hits'],
        staticRelease: 'abc1234',
        manager: 'deploy@198.18.0.3:22',
      }),
    ).toEqual([
      'deploy: deployed in 42.0 s',
      '  stack      shop',
      '  version    abc1234',
      '  image      ghcr.io/acme/shop/django-app:abc1234@sha256:0123',
      '  services   shop_django updated, shop_redis unchanged',
      '  migrations app.0002_hits',
      '  static     release abc1234',
      '  manager    deploy@198.18.0.3:22',
    ]);
  });

  it('says what serves now on failure', () => {
    expect(
      summaryLines({
        command: 'deploy',
        status: 'failed',
        exitCode: 1,
        durationMs: 90_000,
        version: 'def5678',
        migrations: [],
        serving: 'abc1234 (Swarm rolled back)',
        error: { code: 'STACK_TASK_FAILED', message: 'django: task exited 3\nTraceback …' },
      }),
    ).toEqual([
      'deploy: failed after 1 min 30 s',
      '  version    def5678',
      '  migrations none to apply',
      '  error      [STACK_TASK_FAILED] django: task exited 3',
      '  serving    abc1234 (Swarm rolled back)',
    ]);
  });

  it('shows no serving line when nothing says what serves (the error above explains it)', () => {
    expect(
      summaryLines({ command: 'wait', status: 'timed_out', exitCode: 5, durationMs: 300_000 }),
    ).toEqual(['wait: timed out (the stack may still converge) after 5 min 0 s']);
  });

  it('knows which statuses are failures', () => {
    expect(isFailure({ status: 'deployed' })).toBe(false);
    expect(isFailure({ status: 'unchanged' })).toBe(false);
    expect(isFailure({ status: 'ok' })).toBe(false);
    for (const status of [
      'failed',
      'invalid',
      'unreachable',
      'lock_held',
      'timed_out',
      'cancelled',
    ] as const) {
      expect(isFailure({ status })).toBe(true);
    }
  });
});
