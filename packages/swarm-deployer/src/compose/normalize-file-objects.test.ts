import { describe, expect, it } from 'vitest';
import { normalizeFileObjects } from './normalize-file-objects.js';
import type { Path } from './path-problem.js';

const context = {
  projectDir: '/p',
  source: (path: Path) => ({ file: '/p/compose.yml', line: path.length, column: 3 }),
};

describe('normalizeFileObjects', () => {
  it('file: is made absolute from the project directory', () => {
    expect(
      normalizeFileObjects(
        'configs',
        { app: { file: './app.ini', labels: ['a=1'], template_driver: 'golang' } },
        context,
      ),
    ).toStrictEqual({
      value: {
        app: {
          name: undefined,
          file: '/p/app.ini',
          external: false,
          labels: { a: '1' },
          driver: undefined,
          driver_opts: undefined,
          template_driver: 'golang',
          source: { file: '/p/compose.yml', line: 2, column: 3 },
        },
      },
      problems: [],
    });
  });

  it('an external one has no file; a driver-made secret has no file and its options as text', () => {
    const { value, problems } = normalizeFileObjects(
      'secrets',
      { ext: { external: true }, gen: { driver: 'vault', driver_opts: { ttl: 60 } } },
      context,
    );
    expect(problems).toEqual([]);
    expect(value.ext).toMatchObject({ name: 'ext', external: true, file: undefined });
    expect(value.gen).toMatchObject({
      driver: 'vault',
      driver_opts: { ttl: '60' },
      file: undefined,
    });
  });

  it('refuses neither file nor driver, both, and external.name with name', () => {
    const { problems } = normalizeFileObjects(
      'secrets',
      { none: {}, both: { file: 'a', driver: 'd' }, named: { external: { name: 'x' }, name: 'y' } },
      context,
    );
    expect(problems).toEqual([
      { path: ['secrets', 'none'], message: 'a secret needs file: (or external: true)' },
      {
        path: ['secrets', 'both'],
        message: 'secret.driver and secret.file conflict; only use secret.driver',
      },
      {
        path: ['secrets', 'named'],
        message: 'secret.external.name and secret.name conflict; only use secret.name',
      },
    ]);
  });
});
