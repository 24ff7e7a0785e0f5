import { describe, expect, it } from 'vitest';
import { serviceReferences } from './service-references.js';

const at = ['services', 'web'];
const noVolumes = { volumes: [], fileIndex: [] };

describe('serviceReferences', () => {
  it('networks by index in a list, by name in a mapping', () => {
    expect(serviceReferences({ networks: ['a', 'b'] }, noVolumes, at)).toEqual({
      'network:a': [...at, 'networks', 0],
      'network:b': [...at, 'networks', 1],
    });
    expect(serviceReferences({ networks: { a: null } }, noVolumes, at)).toEqual({
      'network:a': [...at, 'networks', 'a'],
    });
  });

  it('named volumes at their index in the file; binds and anonymous volumes are not references', () => {
    const volumes = {
      volumes: [
        { type: 'bind', source: '/x', target: '/x' },
        { type: 'volume', target: '/anon' },
        { type: 'volume', source: 'data', target: '/d' },
      ],
      fileIndex: [0, 2, 5],
    };
    expect(serviceReferences({}, volumes, at)).toEqual({ 'volume:data': [...at, 'volumes', 5] });
  });

  it('the image, only when set and not empty', () => {
    expect(serviceReferences({ image: 'busybox' }, noVolumes, at)).toEqual({
      image: [...at, 'image'],
    });
    expect(serviceReferences({ image: '' }, noVolumes, at)).toEqual({});
  });

  it('secrets, configs and the legacy restart; a later entry with the same key wins', () => {
    expect(
      serviceReferences(
        {
          secrets: ['s', { source: 's', target: 't' }],
          configs: [{ source: 'c' }],
          restart: 'always',
        },
        noVolumes,
        at,
      ),
    ).toEqual({
      'secret:s': [...at, 'secrets', 1],
      'config:c': [...at, 'configs', 0],
      restart: [...at, 'restart'],
    });
  });
});
