import { describe, expect, it } from 'vitest';
import { diffSpec } from './diff-spec.js';

describe('diffSpec', () => {
  it('lists changed, added and removed fields by dotted path', () => {
    const before = {
      TaskTemplate: { ContainerSpec: { Image: 'a:1', User: 'root' } },
      Mode: { Replicated: { Replicas: 1 } },
    };
    const after = {
      TaskTemplate: { ContainerSpec: { Image: 'a:2', Hostname: 'h' } },
      Mode: { Replicated: { Replicas: 1 } },
    };
    expect(diffSpec(before, after)).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Hostname', kind: 'added', after: 'h' },
      { path: 'TaskTemplate.ContainerSpec.Image', kind: 'changed', before: 'a:1', after: 'a:2' },
      { path: 'TaskTemplate.ContainerSpec.User', kind: 'removed', before: 'root' },
    ]);
    expect(diffSpec(before, structuredClone(before))).toEqual([]);
  });

  it('compares environment variables by name and never copies their values', () => {
    const spec = (env: string[]) => ({ TaskTemplate: { ContainerSpec: { Env: env } } });
    const changes = diffSpec(
      spec(['KEEP=1', 'TOKEN=old-secret', 'GONE=x']),
      spec(['KEEP=1', 'TOKEN=new-secret', 'NEW=y']),
    );
    expect(changes).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Env.GONE', kind: 'removed', sensitive: true },
      { path: 'TaskTemplate.ContainerSpec.Env.NEW', kind: 'added', sensitive: true },
      { path: 'TaskTemplate.ContainerSpec.Env.TOKEN', kind: 'changed', sensitive: true },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/secret|=x|=y/);
    expect(diffSpec({ TaskTemplate: { ContainerSpec: {} } }, spec(['A=1']))).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Env.A', kind: 'added', sensitive: true },
    ]);
    // Same variables in another order: still a change for the engine, still no values.
    expect(diffSpec(spec(['A=1', 'B=2']), spec(['B=2', 'A=1']))).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Env', kind: 'changed', sensitive: true },
    ]);
  });
});
