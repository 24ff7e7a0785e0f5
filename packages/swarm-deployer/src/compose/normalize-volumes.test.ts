import { describe, expect, it } from 'vitest';
import { normalizeVolumes } from './normalize-volumes.js';
import type { Path } from './path-problem.js';

const source = (path: Path) => ({ file: '/p/compose.yml', line: path.length, column: 3 });

describe('normalizeVolumes (top level)', () => {
  it('a volume of the stack keeps its driver; options and labels as text', () => {
    expect(
      normalizeVolumes(
        { data: { driver: 'local', driver_opts: { o: 'bind' }, labels: { a: 1 } } },
        source,
      ),
    ).toStrictEqual({
      value: {
        data: {
          name: undefined,
          driver: 'local',
          driver_opts: { o: 'bind' },
          external: false,
          labels: { a: '1' },
          source: { file: '/p/compose.yml', line: 2, column: 3 },
        },
      },
      problems: [],
    });
  });

  it('an external volume takes its key as name, and refuses driver, driver_opts and labels', () => {
    const result = normalizeVolumes(
      {
        v: { external: true, driver: 'x', labels: ['a=b'] },
        w: { external: { name: 'ww' }, name: 'z' },
      },
      source,
    );
    expect(result.value.v?.name).toBe('v');
    expect(result.problems).toEqual([
      {
        path: ['volumes', 'v', 'driver'],
        message: 'conflicting parameters "external" and "driver" specified for volume "v"',
      },
      {
        path: ['volumes', 'v', 'labels'],
        message: 'conflicting parameters "external" and "labels" specified for volume "v"',
      },
      {
        path: ['volumes', 'w'],
        message: 'volume.external.name and volume.name conflict; only use volume.name',
      },
    ]);
  });
});
