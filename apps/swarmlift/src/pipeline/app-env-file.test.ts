import { describe, expect, it } from 'vitest';
import { appEnvFile, composeServiceNames } from './app-env-file.js';

const file = (text: string, path = '/repo/deployment/docker-compose.prod.yml') => ({ path, text });

describe('appEnvFile', () => {
  it('resolves the guide’s `env_file: .env` next to the compose file', () => {
    expect(appEnvFile([file('services:\n  django:\n    env_file: .env\n')], 'django')).toBe(
      '/repo/deployment/.env',
    );
  });

  it('takes the first entry of a list, long syntax too', () => {
    expect(
      appEnvFile(
        [file('services:\n  web:\n    env_file:\n      - path: ./a.env\n      - b.env\n')],
        'web',
      ),
    ).toBe('/repo/deployment/a.env');
  });

  it('lets a later file override, relative to the first file’s folder', () => {
    const files = [
      file('services:\n  web:\n    env_file: .env\n'),
      file('services:\n  web:\n    env_file: prod.env\n', '/repo/other/override.yml'),
    ];
    expect(appEnvFile(files, 'web')).toBe('/repo/deployment/prod.env');
  });

  it('is undefined when the service names none, or does not exist, or the YAML is broken', () => {
    expect(appEnvFile([file('services:\n  web:\n    image: x\n')], 'web')).toBeUndefined();
    expect(appEnvFile([file('services:\n  web:\n    env_file: .env\n')], 'django')).toBeUndefined();
    expect(appEnvFile([file('services: [\n')], 'web')).toBeUndefined();
  });
});

describe('composeServiceNames', () => {
  it('lists the services of every file once', () => {
    const files = [
      file('services:\n  django: {}\n  redis: {}\n'),
      file('services:\n  django: {}\n  edge: {}\n'),
    ];
    expect(composeServiceNames(files)).toEqual(['django', 'redis', 'edge']);
  });

  it('is undefined for a file that does not parse', () => {
    expect(composeServiceNames([file('services: [\n')])).toBeUndefined();
  });
});
