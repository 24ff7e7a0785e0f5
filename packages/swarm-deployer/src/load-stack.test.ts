import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CancelledError, OptionsError, TimedOutError } from '@swarmlift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeError } from './compose/compose-error.js';
import { loadStack } from './load-stack.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'swarmlift-load-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function loadError(promise: Promise<unknown>): Promise<ComposeError> {
  try {
    await promise;
  } catch (error) {
    if (ComposeError.isInstance(error)) return error as ComposeError;
    throw error;
  }
  throw new Error('expected loadStack to fail');
}

describe('loadStack errors: every problem with file:line:column and path', () => {
  it('a YAML syntax error', async () => {
    const file = write('compose.yml', 'services:\n  web:\n    image: busybox\n   bad-indent: x\n');
    const error = await loadError(loadStack({ files: [file], stack: 's', env: {} }));
    expect(error.code).toBe('COMPOSE_YAML_INVALID');
    expect(error.file).toBe(file);
    expect(error.line).toBe(4);
    expect(error.message.startsWith(`${file}:4:`)).toBe(true);
    expect(error.hint).toMatch(/YAML/);
  });

  it('an unknown key, a wrong type and a forbidden key, all reported at once', async () => {
    const file = write(
      'compose.yml',
      [
        'services:',
        '  django:',
        '    image: busybox',
        '    imagee: typo',
        '    deploy:',
        '      replicas: two',
        '    mem_limit: 1g',
        'networks:',
        '  net:',
        '    drivr: overlay',
      ].join('\n'),
    );
    const error = await loadError(loadStack({ files: [file], stack: 's', env: {} }));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^4:5 services\.django\.imagee: unknown key "imagee"/),
      '6:7 services.django.deploy.replicas: expected a number',
      '7:5 services.django.mem_limit: not allowed in a stack: set resource limits with deploy.resources',
      expect.stringMatching(/^10:5 networks\.net\.drivr: unknown key "drivr"/),
    ]);
    expect(error.problems.every((p) => p.file === file)).toBe(true);
    expect(error.message).toContain(`${file}:4:5: services.django.imagee: unknown key "imagee"`);
  });

  it('a bad interpolation: a required variable that is missing, and a lone "$"', async () => {
    const file = write(
      'compose.yml',
      'services:\n  web:\n    image: ${IMAGE:?set IMAGE to the tag to deploy}\n    command: echo $ x\n',
    );
    const error = await loadError(
      loadStack({ files: [file], stack: 's', env: { SECRET_KEY: 'hunter2' } }),
    );
    expect(error.code).toBe('COMPOSE_INTERPOLATION_FAILED');
    expect(error.problems).toEqual([
      {
        file,
        line: 3,
        column: 5,
        path: 'services.web.image',
        message: 'required variable IMAGE is missing a value: set IMAGE to the tag to deploy',
      },
      {
        file,
        line: 4,
        column: 5,
        path: 'services.web.command',
        message: expect.stringMatching(/invalid template/),
      },
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('a missing env_file names the compose file line; a bad env file line names the env file line', async () => {
    write('env/bad.env', 'OK=1\nBAD KEY=2\n');
    const file = write(
      'compose.yml',
      'services:\n  web:\n    image: busybox\n    env_file:\n      - env/missing.env\n      - env/bad.env\n',
    );
    const error = await loadError(loadStack({ files: [file], stack: 's', env: {} }));
    expect(error.code).toBe('COMPOSE_ENV_FILE_INVALID');
    expect(error.problems[0]).toEqual({
      file,
      line: 5,
      column: 9,
      path: 'services.web.env_file.0',
      message: `env file ${join(dir, 'env/missing.env')} not found`,
    });
    expect(error.problems[1]).toMatchObject({
      file: join(dir, 'env/bad.env'),
      line: 2,
      path: 'services.web.env_file.1',
    });
  });

  it('a compose file that does not exist', async () => {
    const error = await loadError(loadStack({ files: [join(dir, 'nope.yml')], stack: 's' }));
    expect(error.code).toBe('COMPOSE_FILE_NOT_FOUND');
    expect(error.message).toContain('nope.yml');
  });

  it('references to undefined networks, volumes, secrets and configs, and a missing image', async () => {
    const file = write(
      'compose.yml',
      [
        'services:',
        '  web:',
        '    networks: [nowhere]',
        '    volumes: [data:/data]',
        '    secrets: [key]',
        '    configs: [conf]',
      ].join('\n'),
    );
    const error = await loadError(loadStack({ files: [file], stack: 's', env: {} }));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.problems.map((p) => `${p.line} ${p.path}: ${p.message.split(' (')[0]}`)).toEqual([
      '2 services.web.image: image is required',
      '3 services.web.networks.0: undefined network "nowhere"',
      '4 services.web.volumes.0: undefined volume "data"',
      '5 services.web.secrets.0: undefined secret "key"',
      '6 services.web.configs.0: undefined config "conf"',
    ]);
  });

  it('places an undefined reference in the file that wrote it, after merging', async () => {
    const base = write('compose.yml', 'services:\n  web:\n    image: busybox\n');
    const override = write('override.yml', 'services:\n  web:\n    networks:\n      back:\n');
    const error = await loadError(loadStack({ files: [base, override], stack: 's', env: {} }));
    expect(error.problems).toEqual([
      {
        file: override,
        line: 4,
        column: 7,
        path: 'services.web.networks.back',
        message: 'undefined network "back" (declare it under the top-level networks)',
      },
    ]);
  });

  it('an image the engine would refuse, at the line of the file that set it', async () => {
    const base = write('compose.yml', 'services:\n  web:\n    image: busybox\n');
    const override = write('override.yml', 'services:\n  web:\n    image: Owner/App:1\n');
    const error = await loadError(loadStack({ files: [base, override], stack: 's', env: {} }));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.problems).toEqual([
      {
        file: override,
        line: 3,
        column: 5,
        path: 'services.web.image',
        message: expect.stringMatching(
          /^"Owner\/App:1" is not a valid image reference: .*upper-case/,
        ),
      },
    ]);
  });
});

describe('loadStack options and cancellation', () => {
  const compose = () => write('compose.yml', 'services:\n  web:\n    image: busybox\n');

  it("refuses a stack name docker stack deploy would refuse, with core's OptionsError, before reading", async () => {
    for (const stack of ['bad name', '-x', 'a'.repeat(64)]) {
      const error = await loadStack({ files: ['/does/not/exist.yml'], stack }).catch(
        (e: unknown) => e,
      );
      expect(OptionsError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'OPTIONS_INVALID',
        field: 'stack',
        category: 'invalid',
      });
    }
  });

  it('refuses no compose file, or one that is not a path', async () => {
    await expect(loadStack({ files: [], stack: 's' })).rejects.toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'files',
      message: 'files: no compose file given',
    });
    await expect(loadStack({ files: [compose(), ''], stack: 's' })).rejects.toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'files[1]',
    });
  });

  it('refuses a signal that is not an AbortSignal, and an env that is not an object', async () => {
    await expect(
      loadStack({ files: [compose()], stack: 's', signal: {} as AbortSignal }),
    ).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'signal' });
    await expect(
      loadStack({
        files: [compose()],
        stack: 's',
        env: 'A=1' as unknown as Record<string, string>,
      }),
    ).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'env' });
  });

  it('an aborted signal rejects with CancelledError before anything is read', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await loadStack({
      files: ['/does/not/exist.yml'],
      stack: 's',
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(CancelledError.isInstance(error)).toBe(true);
    expect(ComposeError.isInstance(error)).toBe(false);
  });

  it('aborting while the files are read rejects with CancelledError, not a ComposeError', async () => {
    write('app.env', 'A=1\n');
    write('secret.txt', 's3cr3t');
    const file = write(
      'compose.yml',
      'services:\n  web:\n    image: busybox\n    env_file: app.env\n    secrets: [s]\nsecrets:\n  s:\n    file: secret.txt\n',
    );
    const controller = new AbortController();
    const promise = loadStack({
      files: [file],
      stack: 's',
      env: {},
      signal: controller.signal,
    });
    controller.abort();
    const error = await promise.catch((e: unknown) => e);
    expect(CancelledError.isInstance(error)).toBe(true);
    expect((error as CancelledError).code).toBe('CANCELLED');
  });

  it("a signal whose reason is a swarmlift error (a deadline's TimedOutError) rejects with that error", async () => {
    const reason = new TimedOutError({ what: 'the deploy', timeoutMs: 1 });
    const error = await loadStack({
      files: [compose()],
      stack: 's',
      signal: AbortSignal.abort(reason),
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
  });

  it('a signal that does not abort changes nothing', async () => {
    const stack = await loadStack({
      files: [compose()],
      stack: 's',
      env: {},
      signal: new AbortController().signal,
    });
    expect(stack.services.map((s) => s.fullName)).toEqual(['s_web']);
  });
});

describe('loadStack results', () => {
  it('warns about keys Swarm ignores, like the CLI, and still uses the legacy restart as a restart policy', async () => {
    const file = write(
      'compose.yml',
      'services:\n  web:\n    image: busybox\n    build: .\n    depends_on: [db]\n    container_name: web\n    restart: always\n  db:\n    image: busybox\n',
    );
    const stack = await loadStack({ files: [file], stack: 's', env: {} });
    expect(stack.warnings.map((w) => `${w.code} ${w.path} ${w.source?.line}`)).toEqual([
      'UNSUPPORTED_KEY services.web.build 4',
      'UNSUPPORTED_KEY services.web.depends_on 5',
      'UNSUPPORTED_KEY services.web.container_name 6',
      'UNSUPPORTED_KEY services.web.restart 7',
    ]);
    expect(stack.services.find((s) => s.name === 'web')?.spec.TaskTemplate?.RestartPolicy).toEqual({
      Condition: 'any',
    });
  });

  it("converts jobs and global services like the CLI's converter (convertDeployMode)", async () => {
    const file = write(
      'compose.yml',
      [
        'services:',
        '  migrate:',
        '    image: busybox',
        '    deploy: {mode: replicated-job, replicas: 3}',
        '  once-per-node:',
        '    image: busybox',
        '    deploy: {mode: global-job}',
        '  agent:',
        '    image: busybox',
        '    deploy: {mode: global}',
        '  web:',
        '    image: busybox',
      ].join('\n'),
    );
    const stack = await loadStack({ files: [file], stack: 's', env: {} });
    const modes = Object.fromEntries(stack.services.map((s) => [s.name, s.spec.Mode]));
    expect(modes).toEqual({
      migrate: { ReplicatedJob: { MaxConcurrent: 3, TotalCompletions: 3 } },
      'once-per-node': { GlobalJob: {} },
      agent: { Global: {} },
      web: { Replicated: {} },
    });
    const bad = write(
      'bad.yml',
      'services:\n  a:\n    image: busybox\n    deploy: {mode: global, replicas: 2}\n',
    );
    const error = await loadError(loadStack({ files: [bad], stack: 's', env: {} }));
    expect(error.problems[0]).toMatchObject({ path: 'services.a.deploy.replicas', line: 4 });
  });

  it('names secrets and configs by content hash and leaves their ids to the deploy', async () => {
    write('files/key.txt', 'the key\n');
    write('files/app.ini', '[app]\n');
    const file = write(
      'compose.yml',
      [
        'services:',
        '  web:',
        '    image: busybox',
        '    secrets: [key, outside]',
        '    configs: [{source: app, target: /app.ini, mode: 0440}]',
        'secrets:',
        '  key: {file: ./files/key.txt}',
        '  outside: {external: true, name: shared_key}',
        'configs:',
        '  app: {file: files/app.ini}',
      ].join('\n'),
    );
    const stack = await loadStack({ files: [file], stack: 'shop', env: {} });
    const hash = createHash('sha256').update('the key\n').digest('hex');
    expect(stack.secrets).toEqual([
      {
        kind: 'secret',
        name: 'key',
        fullName: `shop_key_${hash.slice(0, 12)}`,
        external: false,
        data: Buffer.from('the key\n'),
        hash,
        labels: { 'com.docker.stack.namespace': 'shop' },
        source: { file, line: 7, column: 3 },
      },
      {
        kind: 'secret',
        name: 'outside',
        fullName: 'shared_key',
        external: true,
        labels: {},
        source: { file, line: 8, column: 3 },
      },
    ]);
    const container = stack.services[0]?.spec.TaskTemplate as {
      ContainerSpec: Record<string, unknown>;
    };
    // Sorted by name, as the CLI does.
    expect(container.ContainerSpec.Secrets).toEqual([
      {
        File: { Name: 'outside', UID: '0', GID: '0', Mode: 0o444 },
        SecretID: '',
        SecretName: 'shared_key',
      },
      {
        File: { Name: 'key', UID: '0', GID: '0', Mode: 0o444 },
        SecretID: '',
        SecretName: `shop_key_${hash.slice(0, 12)}`,
      },
    ]);
    expect(container.ContainerSpec.Configs).toEqual([
      {
        File: { Name: '/app.ini', UID: '0', GID: '0', Mode: 0o440 },
        ConfigID: '',
        ConfigName: stack.configs[0]?.fullName,
      },
    ]);
    expect(stack.configs[0]?.fullName).toMatch(/^shop_app_[0-9a-f]{12}$/);
  });

  it('refuses a hashed secret name longer than Swarm allows, before anything is deployed', async () => {
    write('key.txt', 'k');
    const file = write(
      'compose.yml',
      `services:\n  web:\n    image: busybox\n    secrets: [key]\nsecrets:\n  key:\n    name: ${'n'.repeat(52)}\n    file: key.txt\n`,
    );
    const error = await loadError(loadStack({ files: [file], stack: 's', env: {} }));
    expect(error.problems[0]).toMatchObject({ path: 'secrets.key', line: 6 });
    expect(error.message).toMatch(/longer than the 64 characters Swarm allows/);
  });

  it('creates the default network only when a service uses it', async () => {
    const file = write(
      'compose.yml',
      'services:\n  a:\n    image: busybox\n    networks: [back]\nnetworks:\n  back:\n    attachable: true\n  unused: {}\n',
    );
    const stack = await loadStack({ files: [file], stack: 's', env: {} });
    expect(stack.networks).toEqual([
      {
        name: 'back',
        fullName: 's_back',
        external: false,
        create: {
          Name: 's_back',
          Driver: 'overlay',
          Labels: { 'com.docker.stack.namespace': 's' },
          Attachable: true,
        },
        source: { file, line: 6, column: 3 },
      },
    ]);
    const withDefault = write('default.yml', 'services:\n  a:\n    image: busybox\n');
    const second = await loadStack({ files: [withDefault], stack: 's', env: {} });
    expect(second.networks.map((n) => n.fullName)).toEqual(['s_default']);
  });

  it("interpolates from process.env by default and resolves paths from the first file's folder", async () => {
    process.env.SWARMLIFT_TEST_IMAGE = 'busybox:from-process-env';
    try {
      write('app.env', 'FROM_FILE=1\n');
      const base = write(
        'compose.yml',
        'services:\n  web:\n    image: ${SWARMLIFT_TEST_IMAGE}\n    env_file: app.env\n',
      );
      const override = write(
        'prod/override.yml',
        'services:\n  web:\n    volumes: [./data:/data]\n',
      );
      const stack = await loadStack({ files: [base, override], stack: 's' });
      const spec = stack.services[0]?.spec.TaskTemplate as {
        ContainerSpec: Record<string, unknown>;
      };
      expect(stack.services[0]?.image).toBe('busybox:from-process-env');
      expect(spec.ContainerSpec.Env).toEqual(['FROM_FILE=1']);
      expect(spec.ContainerSpec.Mounts).toEqual([
        { Type: 'bind', Target: '/data', Source: join(dir, 'data') },
      ]);
      expect(stack.files).toEqual([base, override]);
    } finally {
      delete process.env.SWARMLIFT_TEST_IMAGE;
    }
  });
});

describe('loadStack envFiles: env files given in memory', () => {
  it('uses the given content for a file that does not exist yet, literally', async () => {
    const file = write(
      'deployment/compose.yml',
      'services:\n  web:\n    image: busybox\n    env_file: .env\n',
    );
    const stack = await loadStack({
      files: [file],
      stack: 's',
      env: {},
      envFiles: { [join(dir, 'deployment/.env')]: { SECRET_KEY: "a'b$c #d", DEBUG: '0' } },
    });
    expect(containerEnv(stack)).toEqual(expect.arrayContaining(["SECRET_KEY=a'b$c #d", 'DEBUG=0']));
  });

  it('wins over a file on disk with the same path', async () => {
    write('deployment/.env', 'SECRET_KEY=old\n');
    const file = write(
      'deployment/compose.yml',
      'services:\n  web:\n    image: busybox\n    env_file: .env\n',
    );
    const stack = await loadStack({
      files: [file],
      stack: 's',
      env: {},
      envFiles: { [join(dir, 'deployment/.env')]: { SECRET_KEY: 'new' } },
    });
    expect(containerEnv(stack)).toEqual(['SECRET_KEY=new']);
  });

  it('refuses a value that is not a string, naming it', async () => {
    const file = write('compose.yml', 'services:\n  web:\n    image: busybox\n');
    await expect(
      loadStack({
        files: [file],
        stack: 's',
        envFiles: { '.env': { PORT: 5 as unknown as string } },
      }),
    ).rejects.toSatisfy(
      (error: unknown) => OptionsError.isInstance(error) && error.field === 'envFiles..env.PORT',
    );
  });
});

function containerEnv(stack: Awaited<ReturnType<typeof loadStack>>): unknown {
  const template = stack.services[0]?.spec.TaskTemplate as { ContainerSpec?: { Env?: string[] } };
  return template.ContainerSpec?.Env;
}
