import { describe, expect, it } from 'vitest';
import { normalizeRestartPolicy } from './normalize-restart-policy.js';

const at = ['services', 'web'];

describe('normalizeRestartPolicy', () => {
  it('converts delay and window', () => {
    expect(
      normalizeRestartPolicy(
        { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '2m' },
        at,
      ),
    ).toEqual({
      value: {
        condition: 'on-failure',
        delay: 5_000_000_000,
        max_attempts: 3,
        window: 120_000_000_000,
      },
      problems: [],
    });
    expect(normalizeRestartPolicy(undefined, at).value).toBeUndefined();
  });

  it('reports bad durations at deploy.restart_policy.*', () => {
    expect(
      normalizeRestartPolicy({ delay: 'x', window: 'y' }, at).problems.map((p) => p.path.join('.')),
    ).toEqual([
      'services.web.deploy.restart_policy.delay',
      'services.web.deploy.restart_policy.window',
    ]);
  });
});
