import { describe, expect, it } from 'vitest';
import { interpolateConfig, substitute } from './interpolate.js';

const vars: Record<string, string> = { NAME: 'web', EMPTY: '', PORT: '8000', YES: 'yes' };
const lookup = (name: string) => vars[name];

describe('substitute', () => {
  it.each([
    ['plain text', 'plain text'],
    ['$NAME-1', 'web-1'],
    ['${NAME}_x', 'web_x'],
    ['${UNSET}', ''],
    ['$UNSET', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${NAME:-fallback}', 'web'],
    ['${EMPTY:?never}', undefined],
    ['${EMPTY?ok}', ''],
    ['$$NAME', '$NAME'],
    ['$${NAME}', '${NAME}'],
    ['a $$ b', 'a $ b'],
    ['${UNSET:-${NAME}}', 'web'],
    ['${UNSET:-a b c}', 'a b c'],
  ])('%s → %s', (template, expected) => {
    if (expected === undefined) expect(() => substitute(template, lookup)).toThrow();
    else expect(substitute(template, lookup)).toBe(expected);
  });

  it('names the variable and the message of a required one, never a value', () => {
    expect(() => substitute('${UNSET:?set it in CI}', lookup)).toThrow(
      'required variable UNSET is missing a value: set it in CI',
    );
    expect(() => substitute('${UNSET?}', lookup)).toThrow(
      'required variable UNSET is missing a value',
    );
  });

  it.each(['$', 'a $ b', '${', '${NAME', '${1A}', '${NAME:x}', '$1'])(
    'rejects the malformed template %j',
    (template) => {
      expect(() => substitute(template, lookup)).toThrow(/invalid template/);
    },
  );
});

describe('interpolateConfig', () => {
  it('substitutes values in the five sections, not keys and not other top-level fields, and casts typed fields', () => {
    const issues: string[] = [];
    const result = interpolateConfig(
      {
        version: '$NAME',
        'x-anchor': '$NAME',
        services: {
          $NAME: {
            image: 'img:$PORT',
            deploy: { replicas: '${PORT}' },
            ports: [{ target: '$PORT', published: '${UNSET:-81}' }],
            tty: '$YES',
            environment: { A: '$PORT' },
          },
        },
        networks: { n: { external: '${YES}' } },
      },
      lookup,
      (path, message) => issues.push(`${path.join('.')}: ${message}`),
    );
    expect(issues).toEqual([]);
    expect(result).toEqual({
      version: '$NAME',
      'x-anchor': '$NAME',
      services: {
        $NAME: {
          image: 'img:8000',
          deploy: { replicas: 8000 },
          ports: [{ target: 8000, published: 81 }],
          tty: true,
          environment: { A: '8000' },
        },
      },
      networks: { n: { external: true } },
    });
  });

  it('reports every failing place with its path and keeps going', () => {
    const issues: string[] = [];
    interpolateConfig(
      {
        services: { a: { image: '${A:?need A}', command: ['ok', '$'] } },
        volumes: { v: { driver: '${B?}' } },
      },
      lookup,
      (path, message) => issues.push(`${path.join('.')}: ${message}`),
    );
    expect(issues).toEqual([
      'services.a.image: required variable A is missing a value: need A',
      'services.a.command.1: invalid template "$": write $$ for a literal "$"',
      'volumes.v.driver: required variable B is missing a value',
    ]);
  });

  it('casts only values that substitution changed, and reports a value that does not cast', () => {
    const issues: string[] = [];
    const result = interpolateConfig(
      {
        services: {
          a: { deploy: { replicas: '${NAME}' }, ports: [{ target: 80, published: '8080' }] },
        },
      },
      lookup,
      (path, message) => issues.push(`${path.join('.')}: ${message}`),
    );
    expect(result).toEqual({
      services: { a: { deploy: { replicas: 'web' }, ports: [{ target: 80, published: '8080' }] } },
    });
    // The message names the field, never the value.
    expect(issues).toEqual([
      'services.a.deploy.replicas: the interpolated value is not a whole number',
    ]);
  });
});
