import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from './load-settings.js';
import { SettingsError } from './settings-error.js';

const FINGERPRINT = `SHA256:${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v'}`;
const PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAAPRIVATEKEYLINEONEuniqueAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDPRIVATEKEYLINETWOuniquebNwM1kJ0qvZ8fRpLq6x3yP0YhVgAAAJg=',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');
const SECRET_KEY = 'k7#Jq9!vR2@xL5$mN8%pT1^wZ4&bC6*dF3(gH0)jK-uniqueSECRETkeyVALUE';
const DB_PASSWORD = 'db-pass-UNIQUE-42';
const REGISTRY_PASSWORD = 'registry-pass-UNIQUE-77';

let dir: string;
let dockerConfig: string;

function baseEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    IMAGE_NAME: 'Acme/Shop',
    STACK_NAME: 'shop',
    GITHUB_SHA: 'ABCDEF0123456789abcdef0123456789abcdef01',
    REGISTRY: '127.0.0.1:5000',
    SWARM_MANAGER_IP: '127.0.0.1, 10.0.0.2',
    SSH_USER: 'deploy',
    SSH_PORT: '2222',
    SSH_PRIVATE_KEY: PRIVATE_KEY,
    SSH_HOST_KEY: FINGERPRINT,
    REGISTRY_USERNAME: 'pusher',
    REGISTRY_PASSWORD,
    SECRET_KEY,
    DEBUG: '0',
    DB_NAME: 'shop',
    DB_USER: 'shop',
    DB_PASSWORD,
    DB_HOST: 'db',
    DB_PORT: '5432',
    REDIS_URI: 'redis:6379/0',
    DOCKER_CONFIG: dockerConfig,
    ...extra,
  };
}

async function settingsError(promise: Promise<unknown>): Promise<SettingsError> {
  try {
    await promise;
  } catch (error) {
    if (SettingsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('no SettingsError');
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swarmlift-settings-'));
  dockerConfig = join(dir, '.docker-config');
  await mkdir(dockerConfig);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSettings for deploy', () => {
  it('resolves every setting from the guide’s environment, with defaults', async () => {
    const settings = await loadSettings({ command: 'deploy', env: baseEnv(), cwd: dir });
    expect(settings).toMatchObject({
      cwd: dir,
      registry: '127.0.0.1:5000',
      imageName: 'acme/shop',
      stack: 'shop',
      version: 'abcdef0',
      versionSource: 'GITHUB_SHA',
      targetLabel: 'deploy@127.0.0.1:2222 (then 10.0.0.2)',
      managers: ['127.0.0.1', '10.0.0.2'],
      managerTargets: [
        { kind: 'ssh', host: '127.0.0.1', port: 2222, user: 'deploy' },
        { kind: 'ssh', host: '10.0.0.2', port: 2222, user: 'deploy' },
      ],
      staticHosts: [],
      envKeys: [
        'SECRET_KEY',
        'DEBUG',
        'DB_NAME',
        'DB_USER',
        'DB_PASSWORD',
        'DB_HOST',
        'DB_PORT',
        'REDIS_URI',
      ],
      composeFiles: [join(dir, 'deployment/docker-compose.prod.yml')],
      appService: 'django',
      buildContext: dir,
      dockerfile: join(dir, 'deployment/Dockerfile'),
      buildArgs: {},
      appDir: join(dir, 'app'),
      staticTarget: '/usr/src/acme/shop',
      collectstatic: 'image',
      migrate: 'after',
      waitTimeoutMs: undefined,
      lockWaitMs: 0,
      configFile: undefined,
    });
    expect(settings.appEnv).toEqual({
      SECRET_KEY,
      DEBUG: '0',
      DB_NAME: 'shop',
      DB_USER: 'shop',
      DB_PASSWORD,
      DB_HOST: 'db',
      DB_PORT: '5432',
      REDIS_URI: 'redis:6379/0',
    });
    expect(settings.connect).toMatchObject({
      target: { kind: 'ssh', host: '127.0.0.1', port: 2222, user: 'deploy' },
      privateKey: PRIVATE_KEY,
      hostKey: { fingerprint: FINGERPRINT, knownHostsFile: [] },
      reconnect: true,
    });
    const credentials = Array.isArray(settings.credentials)
      ? settings.credentials[0]
      : settings.credentials;
    expect(credentials).toMatchObject({
      registry: '127.0.0.1:5000',
      username: 'pusher',
      source: 'explicit',
    });
    expect(credentials.password).toBe(REGISTRY_PASSWORD);
    expect(settings.secrets).toEqual(
      expect.arrayContaining([
        SECRET_KEY,
        DB_PASSWORD,
        REGISTRY_PASSWORD,
        PRIVATE_KEY,
        'QyNTUxOQAAACDPRIVATEKEYLINETWOuniquebNwM1kJ0qvZ8fRpLq6x3yP0YhVgAAAJg=',
        Buffer.from(`pusher:${REGISTRY_PASSWORD}`).toString('base64'),
      ]),
    );
    for (const notSecret of ['0', '5432', 'shop', 'db', 'redis:6379/0', 'pusher']) {
      expect(settings.secrets).not.toContain(notSecret);
    }
    expect(settings.performer).toMatch(/^.+@.+$/);
  });

  it('redacts every secret setting in the environment, also for a command that does not check it', async () => {
    // status prints what the app logs; a SECRET_KEY it does not read must still be hidden,
    // and one too short for a deploy must not stop it.
    const settings = await loadSettings({
      command: 'status',
      env: baseEnv({ SECRET_KEY: 'short-UNIQUE-key', DB_PASSWORD: '  ' }),
      cwd: dir,
    });
    expect(settings.secrets).toEqual(
      expect.arrayContaining(['short-UNIQUE-key', REGISTRY_PASSWORD, PRIVATE_KEY]),
    );
    expect(settings.secrets).not.toContain('  ');
  });

  it('takes flags over the environment over the config file over defaults', async () => {
    await writeFile(
      join(dir, 'swarmlift.config.yaml'),
      [
        'stack: from-config',
        'migrate: before',
        'appService: web',
        'composeFile: [a.yml, b.yml]',
        'buildArgs:',
        '  BASE_IMAGE: python:3.12',
        'lockWait: 2m',
        'waitTimeout: 300',
      ].join('\n'),
    );
    const settings = await loadSettings({
      command: 'deploy',
      flags: { STACK_NAME: 'from-flag', LOCK_WAIT: '30s' },
      env: baseEnv({ STACK_NAME: 'from-env', MIGRATE: 'off', APP_SERVICE: '' }),
      cwd: dir,
    });
    expect(settings.stack).toBe('from-flag');
    expect(settings.migrate).toBe('off');
    expect(settings.appService).toBe('web');
    expect(settings.composeFiles).toEqual([join(dir, 'a.yml'), join(dir, 'b.yml')]);
    expect(settings.buildArgs).toEqual({ BASE_IMAGE: 'python:3.12' });
    expect(settings.lockWaitMs).toBe(30_000);
    expect(settings.waitTimeoutMs).toBe(300_000);
    expect(settings.configFile).toBe(join(dir, 'swarmlift.config.yaml'));
  });

  it('reports every problem at once, naming each setting and never a value', async () => {
    await writeFile(
      join(dir, 'swarmlift.config.yaml'),
      ['stack: shop', 'collectstatic: sometimes', 'stak: x'].join('\n'),
    );
    const env = baseEnv({
      SECRET_KEY: undefined,
      DB_PASSWORD: 'short-UNIQUE-dbpw',
      SSH_PORT: `${REGISTRY_PASSWORD}`,
      MIGRATE: DB_PASSWORD,
      REGISTRY_USERNAME: undefined,
      STACK_NAME: undefined,
      IMAGE_NAME: 'Bad Image!',
      DEBUG: 'yes',
      REDIS_URI: 'redis://:redis-pw-UNIQUE@cache:6379/0',
    });
    const error = await settingsError(
      loadSettings({ command: 'deploy', flags: { WAIT_TIMEOUT: 'forever' }, env, cwd: dir }),
    );
    const settings = error.issues.map((issue) => issue.setting);
    expect(settings).toEqual(
      expect.arrayContaining([
        'swarmlift.config.yaml:2 collectstatic',
        'swarmlift.config.yaml:3 stak',
        'SECRET_KEY',
        'SSH_PORT',
        'MIGRATE',
        'IMAGE_NAME',
        'DEBUG',
        'REDIS_URI',
        '--wait-timeout',
        'REGISTRY_USERNAME',
      ]),
    );
    expect(error.category).toBe('invalid');
    expect(error.code).toBe('CLI_SETTINGS_INVALID');
    expect(error.message).toContain('SECRET_KEY: is not set; swarmlift deploy needs it');
    expect(error.message).toContain(
      'swarmlift.config.yaml:2 collectstatic: must be one of image, host, off',
    );
    // STACK_NAME comes from the config file, so it is not missing.
    expect(settings).not.toContain('STACK_NAME');
    const everything = `${error.message}\n${error.hint}\n${JSON.stringify(error.issues)}`;
    for (const secret of [
      REGISTRY_PASSWORD,
      DB_PASSWORD,
      'short-UNIQUE-dbpw',
      'redis-pw-UNIQUE',
      'PRIVATEKEYLINE',
      'Bad Image!',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('requires the manager, and names the missing app variables', async () => {
    const error = await settingsError(
      loadSettings({
        command: 'deploy',
        env: baseEnv({ SWARM_MANAGER_IP: '', DB_HOST: undefined, REDIS_URI: undefined }),
        cwd: dir,
      }),
    );
    expect(error.issues.map((i) => i.setting)).toEqual([
      'DB_HOST',
      'REDIS_URI',
      'SWARM_MANAGER_IP',
    ]);
    expect(error.message).toContain('nor DOCKER_HOST');
  });

  it('reads the version from git, and says when there is none', async () => {
    git(dir, 'init', '-q');
    await writeFile(join(dir, 'a.txt'), 'a');
    git(dir, 'add', 'a.txt');
    git(dir, 'commit', '-q', '-m', 'first');
    const head = git(dir, 'rev-parse', 'HEAD');
    const settings = await loadSettings({
      command: 'deploy',
      env: baseEnv({ GITHUB_SHA: '' }),
      cwd: dir,
    });
    expect(settings.version).toBe(head.slice(0, 7));
    expect(settings.versionSource).toBe('git');

    const plain = join(dir, 'not-a-repo');
    await mkdir(plain);
    // the folder is inside the repository above; a folder outside any repository:
    const outside = await mkdtemp(join(tmpdir(), 'swarmlift-nogit-'));
    try {
      const error = await settingsError(
        loadSettings({ command: 'deploy', env: baseEnv({ GITHUB_SHA: undefined }), cwd: outside }),
      );
      expect(error.issues).toEqual([
        expect.objectContaining({
          setting: 'GITHUB_SHA',
          message: expect.stringContaining('not a git repository'),
        }),
      ]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    const bad = await settingsError(
      loadSettings({ command: 'deploy', env: baseEnv({ GITHUB_SHA: 'not-hex' }), cwd: dir }),
    );
    expect(bad.issues.map((i) => i.setting)).toEqual(['GITHUB_SHA']);
    const explicit = await loadSettings({
      command: 'deploy',
      env: baseEnv({ VERSION: 'v1.2.3' }),
      cwd: dir,
    });
    expect(explicit).toMatchObject({ version: 'v1.2.3', versionSource: 'VERSION' });
  });

  it('adds ENV_KEYS from the environment and reports a missing one', async () => {
    const settings = await loadSettings({
      command: 'deploy',
      env: baseEnv({
        ENV_KEYS: 'SENTRY_DSN, ALLOWED_HOSTS',
        SENTRY_DSN: 'https://key-UNIQUE@sentry/1',
        ALLOWED_HOSTS: 'shop.example',
      }),
      cwd: dir,
    });
    expect(settings.envKeys.slice(-2)).toEqual(['SENTRY_DSN', 'ALLOWED_HOSTS']);
    expect(settings.appEnv).toMatchObject({
      SENTRY_DSN: 'https://key-UNIQUE@sentry/1',
      ALLOWED_HOSTS: 'shop.example',
    });
    expect(settings.secrets).toContain('https://key-UNIQUE@sentry/1');
    expect(settings.secrets).not.toContain('shop.example');
    const error = await settingsError(
      loadSettings({ command: 'deploy', env: baseEnv({ ENV_KEYS: 'SENTRY_DSN' }), cwd: dir }),
    );
    expect(error.issues).toEqual([expect.objectContaining({ setting: 'SENTRY_DSN' })]);
  });

  it('checks the app variables with env-writer’s rules, without their values', async () => {
    const error = await settingsError(
      loadSettings({
        command: 'deploy',
        env: baseEnv({ SECRET_KEY: 'too-short-UNIQUE' }),
        cwd: dir,
      }),
    );
    expect(error.issues).toEqual([
      expect.objectContaining({
        setting: 'SECRET_KEY',
        message: expect.stringContaining('50 characters'),
      }),
    ]);
    expect(error.message).not.toContain('too-short-UNIQUE');
  });
});

describe('loadSettings: the host key and the engine', () => {
  it('takes known_hosts lines in SSH_HOST_KEY, and an SSH_KNOWN_HOSTS file', async () => {
    const line =
      '[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, `${line}\n`);
    const settings = await loadSettings({
      command: 'wait',
      env: baseEnv({ SSH_HOST_KEY: line, SSH_KNOWN_HOSTS: 'known_hosts' }),
      cwd: dir,
    });
    expect(settings.connect.hostKey).toEqual({ knownHosts: line, knownHostsFile: knownHosts });
  });

  it('reports a host key that is neither, and a known_hosts file that is missing', async () => {
    const error = await settingsError(
      loadSettings({
        command: 'wait',
        env: baseEnv({ SSH_HOST_KEY: 'SHA256:tooshort', SSH_KNOWN_HOSTS: 'missing' }),
        cwd: dir,
      }),
    );
    expect(error.issues.map((i) => i.setting)).toEqual(['SSH_HOST_KEY', 'SSH_KNOWN_HOSTS']);
    const lines = await settingsError(
      loadSettings({
        command: 'wait',
        env: baseEnv({ SSH_HOST_KEY: 'garbage text here' }),
        cwd: dir,
      }),
    );
    expect(lines.issues[0]?.message).toContain(
      'neither a SHA256: fingerprint nor known_hosts lines',
    );
  });

  it('uses DOCKER_HOST when there is no SWARM_MANAGER_IP', async () => {
    const settings = await loadSettings({
      command: 'wait',
      flags: { DOCKER_HOST: 'unix:///var/run/docker.sock' },
      env: baseEnv({ SWARM_MANAGER_IP: undefined }),
      cwd: dir,
    });
    expect(settings.connect.target).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(settings.targetLabel).toBe('unix:///var/run/docker.sock');
    const error = await settingsError(
      loadSettings({
        command: 'wait',
        env: baseEnv({ SWARM_MANAGER_IP: undefined, DOCKER_HOST: 'deploy@host' }),
        cwd: dir,
      }),
    );
    expect(error.issues).toEqual([expect.objectContaining({ setting: 'DOCKER_HOST' })]);
  });
});

describe('loadSettings: what each command needs', () => {
  it('env needs the app variables but no SSH and no registry', async () => {
    const settings = await loadSettings({
      command: 'env',
      env: {
        SECRET_KEY,
        DB_NAME: 'shop',
        DB_USER: 'shop',
        DB_PASSWORD,
        DB_HOST: 'db',
        REDIS_URI: 'redis:6379/0',
        GITHUB_SHA: 'abcdef0',
        SSH_PORT: 'not-a-port',
      },
      cwd: dir,
    });
    expect(settings.connect).toEqual({ target: 'local' });
    expect(settings.appEnv.SECRET_KEY).toBe(SECRET_KEY);
    expect(settings.version).toBe('abcdef0');
    const error = await settingsError(loadSettings({ command: 'env', env: {}, cwd: dir }));
    expect(error.issues.map((i) => i.setting)).toEqual([
      'SECRET_KEY',
      'DB_NAME',
      'DB_USER',
      'DB_PASSWORD',
      'DB_HOST',
      'REDIS_URI',
    ]);
  });

  it('plan needs no app variables and no build credentials', async () => {
    const env = baseEnv({
      SECRET_KEY: undefined,
      DB_PASSWORD: undefined,
      REGISTRY_USERNAME: undefined,
      REGISTRY_PASSWORD: undefined,
    });
    const settings = await loadSettings({ command: 'plan', env, cwd: dir });
    expect(settings.stack).toBe('shop');
    const credentials = Array.isArray(settings.credentials)
      ? settings.credentials[0]
      : settings.credentials;
    expect(credentials.source).toBe('anonymous');
  });

  it('build needs no stack and no manager', async () => {
    const settings = await loadSettings({
      command: 'build',
      env: { IMAGE_NAME: 'acme/shop', GITHUB_SHA: 'abcdef0', DOCKER_CONFIG: dockerConfig },
      cwd: dir,
    });
    expect(settings.imageName).toBe('acme/shop');
    expect(settings.stack).toBe('');
  });

  it('unlock needs the stack and the manager only', async () => {
    const error = await settingsError(loadSettings({ command: 'unlock', env: {}, cwd: dir }));
    expect(error.issues.map((i) => i.setting)).toEqual(['STACK_NAME', 'SWARM_MANAGER_IP']);
  });

  it('reports a --cwd that is not a folder', async () => {
    const error = await settingsError(
      loadSettings({ command: 'deploy', env: baseEnv(), cwd: join(dir, 'nope') }),
    );
    expect(error.issues[0]?.setting).toBe('--cwd');
  });
});

describe('loadSettings: registry credentials', () => {
  it('uses GITHUB_ACTOR/GITHUB_TOKEN for ghcr.io only', async () => {
    const env = baseEnv({
      REGISTRY: 'ghcr.io',
      REGISTRY_USERNAME: undefined,
      REGISTRY_PASSWORD: undefined,
      GITHUB_ACTOR: 'octocat',
      GITHUB_TOKEN: 'ghs_UNIQUEtokenvalue',
    });
    const settings = await loadSettings({ command: 'build', env, cwd: dir });
    const credentials = Array.isArray(settings.credentials)
      ? settings.credentials[0]
      : settings.credentials;
    expect(credentials).toMatchObject({ registry: 'ghcr.io', username: 'octocat' });
    expect(settings.secrets).toContain('ghs_UNIQUEtokenvalue');

    const other = await loadSettings({
      command: 'build',
      env: { ...env, REGISTRY: 'registry.example' },
      cwd: dir,
    });
    const otherCredentials = Array.isArray(other.credentials)
      ? other.credentials[0]
      : other.credentials;
    expect(otherCredentials.source).toBe('anonymous');
  });

  it('reads the Docker config, and its password is a secret', async () => {
    await writeFile(
      join(dockerConfig, 'config.json'),
      JSON.stringify({
        auths: {
          '127.0.0.1:5000': { auth: Buffer.from('cfguser:cfg-pass-UNIQUE').toString('base64') },
        },
      }),
    );
    const settings = await loadSettings({
      command: 'build',
      env: baseEnv({ REGISTRY_USERNAME: undefined, REGISTRY_PASSWORD: undefined }),
      cwd: dir,
    });
    const credentials = Array.isArray(settings.credentials)
      ? settings.credentials[0]
      : settings.credentials;
    expect(credentials).toMatchObject({ username: 'cfguser', source: 'docker-config' });
    expect(settings.secrets).toContain('cfg-pass-UNIQUE');
  });
});

describe('loadSettings: its own options', () => {
  it('refuses a command that reads no settings', async () => {
    await expect(
      loadSettings({ command: 'help' as 'deploy', env: {}, cwd: dir }),
    ).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'command' });
  });
  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      loadSettings({ command: 'deploy', env: baseEnv(), cwd: dir, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
