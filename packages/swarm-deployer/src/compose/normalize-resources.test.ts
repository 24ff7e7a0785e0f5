import { describe, expect, it } from 'vitest';
import { normalizeResources } from './normalize-resources.js';

const at = ['services', 'web'];

describe('normalizeResources', () => {
  it('CPUs in nano CPUs, memory in bytes', () => {
    const gpu = [{ discrete_resource_spec: { kind: 'gpu', value: 1 } }];
    expect(
      normalizeResources(
        {
          limits: { cpus: '0.5', memory: '64m', pids: 10 },
          reservations: { cpus: 0.25, memory: 1024, generic_resources: gpu },
        },
        at,
      ),
    ).toEqual({
      value: {
        limits: { cpus: 500_000_000, memory: 64 * 1024 * 1024, pids: 10 },
        reservations: { cpus: 250_000_000, memory: 1024, generic_resources: gpu },
      },
      problems: [],
    });
  });

  it('absent sections stay undefined', () => {
    expect(normalizeResources(undefined, at)).toStrictEqual({
      value: { limits: undefined, reservations: undefined },
      problems: [],
    });
  });

  it('reports limits before reservations, cpus before memory', () => {
    const result = normalizeResources(
      { limits: { cpus: 'a', memory: 'b' }, reservations: { cpus: 'c', memory: 'd' } },
      at,
    );
    expect(result.problems.map((p) => p.path.slice(3).join('.'))).toEqual([
      'resources.limits.cpus',
      'resources.limits.memory',
      'resources.reservations.cpus',
      'resources.reservations.memory',
    ]);
  });
});
