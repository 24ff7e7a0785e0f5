import { describe, expect, it } from 'vitest';
import { normalizePorts } from './normalize-ports.js';

const at = ['services', 'web'];

describe('normalizePorts', () => {
  it('parses the short syntax and takes the long one as written', () => {
    expect(
      normalizePorts(
        [80, '8080:80/udp', { target: 90, published: '9090', mode: 'host', protocol: 'tcp' }],
        at,
      ),
    ).toEqual({
      value: [
        { protocol: 'tcp', target: 80, published: 0, mode: 'ingress' },
        { protocol: 'udp', target: 80, published: 8080, mode: 'ingress' },
        { protocol: 'tcp', target: 90, published: 9090, mode: 'host' },
      ],
      problems: [],
    });
  });

  it('a long entry without published, protocol or mode leaves them empty', () => {
    expect(normalizePorts([{ target: 80 }], at).value).toEqual([
      { protocol: '', target: 80, published: 0, mode: '' },
    ]);
  });

  it('reports each bad entry at its index, and keeps the good ones', () => {
    const result = normalizePorts(['abc', { target: 80, published: 70000 }, '81'], at);
    expect(result.problems).toEqual([
      { path: ['services', 'web', 'ports', 0], message: 'invalid container port in "abc"' },
      {
        path: ['services', 'web', 'ports', 1, 'published'],
        message: '"70000" is not a port number',
      },
    ]);
    expect(result.value.map((p) => p.target)).toEqual([80, 81]);
  });

  it('no ports: an empty list', () => {
    expect(normalizePorts(undefined, at)).toEqual({ value: [], problems: [] });
  });
});
