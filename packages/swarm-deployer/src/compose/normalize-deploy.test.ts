import { describe, expect, it } from 'vitest';
import { normalizeDeploy } from './normalize-deploy.js';

const at = ['services', 'web'];

describe('normalizeDeploy', () => {
  it('an empty deploy: empty labels and placement lists, no configs', () => {
    expect(normalizeDeploy({}, at)).toStrictEqual({
      value: {
        labels: {},
        update_config: undefined,
        rollback_config: undefined,
        restart_policy: undefined,
        resources: { limits: undefined, reservations: undefined },
        placement: { constraints: [], preferences: [], max_replicas_per_node: undefined },
        endpoint_mode: undefined,
      },
      problems: [],
    });
  });

  it('labels as text, placement and endpoint mode kept', () => {
    const value = normalizeDeploy(
      {
        labels: ['a=1', 'b'],
        placement: {
          constraints: ['node.role==manager'],
          preferences: [{ spread: 'node.id' }],
          max_replicas_per_node: 2,
        },
        endpoint_mode: 'dnsrr',
      },
      at,
    ).value;
    expect(value.labels).toEqual({ a: '1', b: '' });
    expect(value.placement).toEqual({
      constraints: ['node.role==manager'],
      preferences: [{ spread: 'node.id' }],
      max_replicas_per_node: 2,
    });
    expect(value.endpoint_mode).toBe('dnsrr');
  });

  it('problems in order: update_config, rollback_config, restart_policy, resources', () => {
    const result = normalizeDeploy(
      {
        resources: { limits: { memory: 'x' } },
        restart_policy: { delay: 'x' },
        rollback_config: { delay: 'x' },
        update_config: { monitor: 'x' },
      },
      at,
    );
    expect(result.problems.map((p) => p.path.slice(3).join('.'))).toEqual([
      'update_config.monitor',
      'rollback_config.delay',
      'restart_policy.delay',
      'resources.limits.memory',
    ]);
  });
});
