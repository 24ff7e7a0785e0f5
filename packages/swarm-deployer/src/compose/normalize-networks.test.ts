import { describe, expect, it } from 'vitest';
import { normalizeNetworks } from './normalize-networks.js';
import type { Path } from './path-problem.js';

const source = (path: Path) => ({ file: '/p/compose.yml', line: path.length, column: 3 });

describe('normalizeNetworks', () => {
  it('a network of the stack: options as text, no name of its own', () => {
    expect(
      normalizeNetworks(
        {
          back: {
            driver: 'overlay',
            driver_opts: { mtu: 1400 },
            labels: ['a=1'],
            attachable: true,
          },
        },
        source,
      ),
    ).toStrictEqual({
      value: {
        back: {
          name: undefined,
          driver: 'overlay',
          driver_opts: { mtu: '1400' },
          ipam: undefined,
          external: false,
          internal: undefined,
          attachable: true,
          labels: { a: '1' },
          source: { file: '/p/compose.yml', line: 2, column: 3 },
        },
      },
      problems: [],
    });
  });

  it('an external network is named by name, external.name or its key', () => {
    const { value } = normalizeNetworks(
      {
        a: { external: true },
        b: { external: true, name: 'bee' },
        c: { external: { name: 'sea' } },
        d: null,
      },
      source,
    );
    expect(
      Object.fromEntries(Object.entries(value).map(([k, n]) => [k, [n.external, n.name]])),
    ).toEqual({
      a: [true, 'a'],
      b: [true, 'bee'],
      c: [true, 'sea'],
      d: [false, undefined],
    });
  });

  it('refuses external.name with name', () => {
    expect(
      normalizeNetworks({ n: { external: { name: 'x' }, name: 'y' } }, source).problems,
    ).toEqual([
      {
        path: ['networks', 'n'],
        message: 'network.external.name and network.name conflict; only use network.name',
      },
    ]);
  });
});
