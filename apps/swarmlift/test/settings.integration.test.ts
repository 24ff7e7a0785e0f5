import { randomBytes } from 'node:crypto';
import { describeIntegration, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { type CliResult, describeRun, runCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget } from './support/env.js';
import { expectNoSecrets, secretForms } from './support/secrets.js';
import { cleanupTarget, lockConfigOf, serviceVersions } from './support/stack.js';

describe('expectNoSecrets (the check every end-to-end test relies on)', () => {
  const env = { REGISTRY_USERNAME: 'deploy-bot', REGISTRY_PASSWORD: 'p4ssw0rd-of-the-registry-42' };

  it('finds a secret as it is and inside base64 at any alignment, and passes clean output', () => {
    expect(() => expectNoSecrets('login ok', env)).not.toThrow();
    expect(() => expectNoSecrets(`password=${env.REGISTRY_PASSWORD}`, env)).toThrow();
    for (const prefix of ['', 'a', 'ab', '{"username":"deploy-bot","password":"']) {
      const header = Buffer.from(`${prefix}${env.REGISTRY_PASSWORD}"}`).toString('base64url');
      expect(() => expectNoSecrets(`X-Registry-Auth: ${header}`, env), prefix).toThrow();
    }
    const auth = Buffer.from(`deploy-bot:${env.REGISTRY_PASSWORD}`).toString('base64');
    expect(() => expectNoSecrets(`"auth": "${auth}"`, env)).toThrow();
    expect(secretForms('short')).toEqual(['short']);
  });

  it('finds any single line of a private key', () => {
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${'A1b2C3d4E5f6G7h8I9j0'.repeat(3)}\n${'zYxWvUtSrQpOnMlKjIhG'.repeat(3)}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(() =>
      expectNoSecrets(`key line: ${'zYxWvUtSrQpOnMlKjIhG'.repeat(3)}`, { SSH_PRIVATE_KEY: key }),
    ).toThrow();
    expect(() =>
      expectNoSecrets('-----BEGIN OPENSSH PRIVATE KEY-----', { SSH_PRIVATE_KEY: key }),
    ).not.toThrow();
  });
});

describeIntegration('swarmlift deploy: bad settings stop it before it changes anything', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let baseEnv: Record<string, string>;

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('e2e-settings'));
    await createDatabase(env, target.database);
    app = await prepareApp('settings');
    baseEnv = await cliEnv(env, target, { GITHUB_SHA: await app.sha() });
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
    }
  }, 120_000);

  const deploy = async (overrides: Record<string, string | undefined>, args: string[] = []) => {
    const runEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...baseEnv, ...overrides }))
      if (value !== undefined) runEnv[key] = value;
    const result = await runCli(['deploy', '--json', ...args], {
      cwd: app.dir,
      env: runEnv,
      limitMs: 180_000,
    });
    // The run's own secret values (a wrong password is still a password)…
    expectNoSecrets(result.output, runEnv);
    // Also none of the real values, whatever the run was given instead.
    expectNoSecrets(result.output, baseEnv);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, baseEnv);

  const expectNothingDeployed = async () => {
    expect(await serviceVersions(env, target.name)).toEqual({});
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  };

  it('missing SECRET_KEY (and DB_PASSWORD): exit 2, both settings named together, nothing deployed', async () => {
    const result = await deploy({ SECRET_KEY: undefined, DB_PASSWORD: undefined });
    expect(result.code, label(result)).toBe(2);
    expect(result.output).toContain('SECRET_KEY');
    expect(result.output).toContain('DB_PASSWORD');
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'invalid', exitCode: 2 });
    expect(result.durationMs).toBeLessThan(15_000);
    await expectNothingDeployed();
  });

  it('a wrong SSH_HOST_KEY: exit 3 naming SSH_HOST_KEY', async () => {
    const wrong = `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    const result = await deploy({ SSH_HOST_KEY: wrong });
    expect(result.code, label(result)).toBe(3);
    expect(result.output).toContain('SSH_HOST_KEY');
    expect(summaryOf(result.stdout)?.status).toBe('unreachable');
    await expectNothingDeployed();
  });

  it('no host key at all: exit 3 with the fingerprint to pin and how to get it', async () => {
    const result = await deploy({ SSH_HOST_KEY: undefined });
    expect(result.code, label(result)).toBe(3);
    expect(result.output).toContain('SSH_HOST_KEY');
    expect(result.output).toContain(env.SSH_HOST_KEY_FINGERPRINT);
    expect(result.output).toMatch(/ssh-keygen|ssh-keyscan/);
    await expectNothingDeployed();
  });

  it('a wrong REGISTRY_PASSWORD: exit 2 or 3 naming the registry credentials', async () => {
    const wrong = `wrong-${randomBytes(18).toString('hex')}`;
    const result = await deploy({ REGISTRY_PASSWORD: wrong });
    expect([2, 3], label(result)).toContain(result.code);
    expect(result.output).toMatch(/REGISTRY_PASSWORD|REGISTRY_USERNAME/);
    expect(result.output).toContain(env.REGISTRY_HOST);
    await expectNothingDeployed();
  });

  it('APP_SERVICE naming no service of the compose file: exit 2 naming APP_SERVICE', async () => {
    const result = await deploy({ APP_SERVICE: 'web' });
    expect(result.code, label(result)).toBe(2);
    expect(result.output).toContain('APP_SERVICE');
    expect(result.output).toContain('web');
    expect(result.durationMs).toBeLessThan(15_000);
    await expectNothingDeployed();
  });
});
