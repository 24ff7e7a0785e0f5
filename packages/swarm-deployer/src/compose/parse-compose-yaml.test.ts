import { describe, expect, it } from 'vitest';
import { ComposeError } from './compose-error.js';
import { parseComposeYaml } from './parse-compose-yaml.js';

describe('parseComposeYaml', () => {
  it('reads YAML 1.1 as the CLI does: merge keys, anchors, octal modes, yes/no; no base-60 numbers or timestamps', () => {
    const { value } = parseComposeYaml(
      [
        'x-base: &base',
        '  image: busybox',
        '  environment: {A: "1"}',
        'services:',
        '  web:',
        '    <<: *base',
        '    image: override',
        '    ports: [8080:80, 30:00]',
        '    secrets: [{source: s, mode: 0440}]',
        '    tty: yes',
        '    labels: {date: 2001-12-14}',
      ].join('\n'),
      '/x/compose.yml',
    );
    expect(value.services).toEqual({
      web: {
        image: 'override',
        environment: { A: '1' },
        ports: ['8080:80', '30:00'],
        secrets: [{ source: 's', mode: 0o440 }],
        tty: true,
        labels: { date: '2001-12-14' },
      },
    });
  });

  it('gives unquoted numbers in string mappings the text the CLI gives them (go-yaml, fmt.Sprint)', () => {
    const { value } = parseComposeYaml(
      [
        'x-env: &env',
        '  MERGED: 1e6',
        '  OVERRIDDEN: 2e6',
        'services:',
        '  web:',
        '    image: busybox',
        '    environment:',
        '      <<: *env',
        '      OVERRIDDEN: "kept"',
        '      A: 0o17',
        '      B: -0.0',
        '      C: "1e6"',
        '    deploy: {replicas: 1e0, labels: {num: 1.50}}',
      ].join('\n'),
      '/x/compose.yml',
    );
    expect(value.services).toEqual({
      web: {
        image: 'busybox',
        environment: { MERGED: '1e+06', OVERRIDDEN: 'kept', A: '15', B: '-0', C: '1e6' },
        // Only string mappings: replicas stays a number for validation.
        deploy: { replicas: 1, labels: { num: '1.5' } },
      },
    });
  });

  it('locates keys, list items and merged keys by path', () => {
    const parsed = parseComposeYaml(
      [
        'x-base: &base',
        '  image: busybox',
        'services:',
        '  web:',
        '    <<: *base',
        '    ports:',
        '      - 80',
      ].join('\n'),
      '/x/compose.yml',
    );
    expect(parsed.locate(['services', 'web'])).toEqual({ line: 4, column: 3 });
    expect(parsed.locate(['services', 'web', 'ports', 0])).toEqual({ line: 7, column: 9 });
    // A merged key points at its anchor's definition.
    expect(parsed.locate(['services', 'web', 'image'])).toEqual({ line: 2, column: 3 });
    // Unknown deeper paths fall back to the nearest known parent.
    expect(parsed.locate(['services', 'web', 'deploy', 'replicas'])).toEqual({
      line: 4,
      column: 3,
    });
  });

  it('reports a syntax error with the file, line and column', () => {
    let error: unknown;
    try {
      parseComposeYaml('services:\n  web:\n    image: "unclosed\n', '/x/bad.yml');
    } catch (e) {
      error = e;
    }
    expect(ComposeError.isInstance(error)).toBe(true);
    const composeError = error as ComposeError;
    expect(composeError.code).toBe('COMPOSE_YAML_INVALID');
    expect(composeError.file).toBe('/x/bad.yml');
    expect(composeError.line).toBeGreaterThanOrEqual(3);
    expect(composeError.message).toMatch(/^\/x\/bad\.yml:\d+:\d+: YAML syntax error/);
  });

  it('refuses duplicate keys and a top level that is not a mapping', () => {
    expect(() => parseComposeYaml('services: {}\nservices: {}\n', '/x/a.yml')).toThrow(
      /YAML syntax error/,
    );
    expect(() => parseComposeYaml('- a\n- b\n', '/x/a.yml')).toThrow(/must be a mapping/);
  });

  it('refuses keys YAML 1.1 reads as booleans or numbers, as the CLI does', () => {
    expect(() => parseComposeYaml('networks:\n  n: {}\n  on: {}\n', '/x/a.yml')).toThrow(
      /\/x\/a\.yml:2:3: networks: the key false is not a string in YAML 1\.1; quote it/,
    );
  });

  it('reads an empty file as an empty mapping', () => {
    expect(parseComposeYaml('', '/x/empty.yml').value).toEqual({});
  });
});
