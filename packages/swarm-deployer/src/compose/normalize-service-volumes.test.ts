import { describe, expect, it } from 'vitest';
import { normalizeServiceVolumes } from './normalize-service-volumes.js';

const at = ['services', 'web'];
const context = { projectDir: '/project', home: '/home/me' };

describe('normalizeServiceVolumes', () => {
  it('parses the short syntax; bind sources become absolute ("~" is $HOME)', () => {
    const result = normalizeServiceVolumes(
      ['./data:/data:ro', '~/cache:/cache', 'named:/n', '/anon'],
      at,
      context,
    );
    expect(result.problems).toEqual([]);
    expect(result.value.volumes).toEqual([
      expect.objectContaining({
        type: 'bind',
        source: '/project/data',
        target: '/data',
        read_only: true,
      }),
      expect.objectContaining({ type: 'bind', source: '/home/me/cache', target: '/cache' }),
      expect.objectContaining({ type: 'volume', source: 'named', target: '/n' }),
      expect.objectContaining({ type: 'volume', target: '/anon' }),
    ]);
    expect(result.value.fileIndex).toEqual([0, 1, 2, 3]);
  });

  it('"~" stays when HOME is unknown, then counts as relative', () => {
    const result = normalizeServiceVolumes(['~/cache:/cache'], at, {
      projectDir: '/project',
      home: undefined,
    });
    expect(result.value.volumes[0]?.source).toBe('/project/~/cache');
  });

  it('copies the long syntax field by field; the tmpfs size is in bytes', () => {
    const result = normalizeServiceVolumes(
      [
        { type: 'tmpfs', target: '/t', tmpfs: { size: 1024 } },
        {
          type: 'bind',
          source: 'rel',
          target: '/b',
          bind: { propagation: 'rshared', create_host_path: true },
        },
        { type: 'volume', source: 'v', target: '/v', volume: { nocopy: true } },
      ],
      at,
      context,
    );
    expect(result).toStrictEqual({
      value: {
        volumes: [
          {
            type: 'tmpfs',
            source: undefined,
            target: '/t',
            read_only: undefined,
            consistency: undefined,
            bind: undefined,
            volume: undefined,
            tmpfs: { size: 1024 },
          },
          {
            type: 'bind',
            source: '/project/rel',
            target: '/b',
            read_only: undefined,
            consistency: undefined,
            bind: { propagation: 'rshared' },
            volume: undefined,
            tmpfs: undefined,
          },
          {
            type: 'volume',
            source: 'v',
            target: '/v',
            read_only: undefined,
            consistency: undefined,
            bind: undefined,
            volume: { nocopy: true },
            tmpfs: undefined,
          },
        ],
        fileIndex: [0, 1, 2],
      },
      problems: [],
    });
  });

  it('leaves out entries with problems, and fileIndex keeps the index of the others in the file', () => {
    const result = normalizeServiceVolumes(
      ['src::/t', { type: 'bind', target: '/x' }, 'named:/n'],
      at,
      context,
    );
    expect(result.problems).toEqual([
      {
        path: ['services', 'web', 'volumes', 0],
        message: 'invalid spec "src::/t": empty section between colons',
      },
      { path: ['services', 'web', 'volumes', 1], message: 'a bind mount needs a source' },
    ]);
    expect(result.value.volumes.map((v) => v.target)).toEqual(['/n']);
    expect(result.value.fileIndex).toEqual([2]);
  });
});
