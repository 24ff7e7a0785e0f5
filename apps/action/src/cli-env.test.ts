import { describe, expect, it } from 'vitest';
import { buildCliEnv, secretSettingValues } from './cli-env.js';

const app = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('buildCliEnv', () => {
  it('turns inputs into settings, drops INPUT_* and lets an input win over the step env', () => {
    const { env, argv, problems } = buildCliEnv({
      processEnv: {
        PATH: '/bin',
        GITHUB_ACTIONS: 'true',
        'INPUT_SSH-PRIVATE-KEY': 'key',
        REGISTRY: 'from-step-env',
        EDGE_PORT: '8080',
      },
      inputs: {
        registry: 'registry.example:5000',
        'stack-name': 'web',
        'ssh-private-key': 'KEY TEXT',
        'ssh-port': '',
        'working-directory': 'site',
        config: '',
      },
      appEnv: app({}),
    });
    expect(problems).toEqual([]);
    expect(env).toEqual({
      PATH: '/bin',
      GITHUB_ACTIONS: 'true',
      REGISTRY: 'registry.example:5000',
      STACK_NAME: 'web',
      SSH_PRIVATE_KEY: 'KEY TEXT',
      EDGE_PORT: '8080',
    });
    expect(argv).toEqual(['deploy', '--cwd', 'site']);
    expect(argv.join(' ')).not.toContain('KEY TEXT');
  });

  it("passes the app's variables on, the ones that are not settings through ENV_KEYS", () => {
    const { env, problems } = buildCliEnv({
      processEnv: { ENV_KEYS: 'ALREADY' },
      inputs: {},
      appEnv: app({ SECRET_KEY: 's', DB_PORT: '5433', SENTRY_DSN: 'd', ALREADY: 'x' }),
    });
    expect(problems).toEqual([]);
    expect(env).toMatchObject({ SECRET_KEY: 's', DB_PORT: '5433', SENTRY_DSN: 'd', ALREADY: 'x' });
    expect(env.ENV_KEYS).toBe('ALREADY,SENTRY_DSN');
  });

  it('refuses other settings and ENV_KEYS in env, naming the input to use', () => {
    const { problems } = buildCliEnv({
      processEnv: {},
      inputs: {},
      appEnv: app({ REGISTRY: 'r', GITHUB_SHA: 'abc', ENV_KEYS: 'A' }),
    });
    expect(problems).toEqual([
      'env: REGISTRY is a setting of its own, not an app variable: use the `registry` input',
      'env: GITHUB_SHA is a setting of its own, not an app variable: the runner sets it',
      'env: ENV_KEYS is derived from the keys of `env` that are not settings; leave it out',
    ]);
  });

  it("refuses names the runner's process depends on", () => {
    const { problems, env } = buildCliEnv({
      processEnv: { PATH: '/bin' },
      inputs: {},
      appEnv: app({
        PATH: '/evil',
        GITHUB_TOKEN: 't',
        NODE_OPTIONS: '--require x',
        RUNNER_TEMP: 'x',
      }),
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(
      "env: PATH belongs to the runner or the action's own process; give the app another name for it",
    );
    expect(env.PATH).toBe('/bin');
    expect(env.ENV_KEYS).toBeUndefined();
  });

  it('passes --config when given', () => {
    expect(
      buildCliEnv({ processEnv: {}, inputs: { config: 'x.yaml' }, appEnv: app({}) }).argv,
    ).toEqual(['deploy', '--config', 'x.yaml']);
  });
});

describe('secretSettingValues', () => {
  it('collects secret settings from the inputs and from env', () => {
    expect(
      secretSettingValues(
        { 'ssh-private-key': 'k', 'registry-password': '', registry: 'not secret' },
        app({ SECRET_KEY: 's', DB_PASSWORD: 'p', DB_USER: 'u' }),
      ).sort(),
    ).toEqual(['k', 'p', 's']);
  });
});
