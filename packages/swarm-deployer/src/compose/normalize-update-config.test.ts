import { describe, expect, it } from 'vitest';
import { normalizeUpdateConfig } from './normalize-update-config.js';

const path = ['services', 'web', 'deploy', 'update_config'];

describe('normalizeUpdateConfig', () => {
  it('converts delay and monitor, keeps the rest', () => {
    expect(
      normalizeUpdateConfig(
        {
          parallelism: 2,
          delay: '1s',
          monitor: '1m',
          order: 'start-first',
          failure_action: 'rollback',
          max_failure_ratio: 0.5,
        },
        path,
      ),
    ).toStrictEqual({
      value: {
        parallelism: 2,
        delay: 1_000_000_000,
        failure_action: 'rollback',
        monitor: 60_000_000_000,
        max_failure_ratio: 0.5,
        order: 'start-first',
      },
      problems: [],
    });
  });

  it('absent: undefined; bad durations reported under the section path', () => {
    expect(normalizeUpdateConfig(undefined, path)).toEqual({ value: undefined, problems: [] });
    expect(
      normalizeUpdateConfig({ delay: 'x', monitor: 'y' }, path).problems.map((p) => p.path),
    ).toEqual([
      [...path, 'delay'],
      [...path, 'monitor'],
    ]);
  });
});
