import { CancelledError, OptionsError, registryCredentials } from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import { expectRejection } from '@swarmlift/testkit';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { MigratorError, OneOffError } from './errors.js';
import type { MigratorEvent } from './events.js';
import { migrate } from './migrate.js';
import { runOneOff } from './run-one-off.js';

// Options are checked before any Docker call: a docker client that throws proves none is made.
const remote: DockerRemote = {
  docker: new Proxy({} as Docker, {
    get: () => {
      throw new Error('no Docker call expected');
    },
  }),
};
const base = {
  remote,
  image: 'registry.example.com/app:abc1234',
  command: ['python', 'manage.py', 'migrate'],
};
const password = 'sltest-registry-password';

const optionsError = async (promise: Promise<unknown>, field: string) => {
  const error = await expectRejection(promise, {
    code: 'OPTIONS_INVALID',
    class: OptionsError,
    secrets: [password],
  });
  expect(MigratorError.isInstance(error)).toBe(false);
  expect(OneOffError.isInstance(error)).toBe(false);
  expect(error).toMatchObject({ field });
  expect(error.hint).not.toBe('');
  return error;
};

describe('runOneOff option checks', () => {
  it.each([
    [{ image: '' }, 'image'],
    [{ image: 'Not An Image!' }, 'image'],
    [{ command: [] }, 'command'],
    [{ command: 'python manage.py migrate' }, 'command'],
    [{ entrypoint: 'sh' }, 'entrypoint'],
    [{ stack: 'bad stack' }, 'stack'],
    [{ networks: ['default'] }, 'networks'],
    [{ stack: 'app', networks: ['no/slash'] }, 'networks'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ pollIntervalMs: -1 }, 'pollIntervalMs'],
    [{ mode: 'swarm' }, 'mode'],
    [{ jobKind: 'global-job' }, 'jobKind'],
    [{ networkMode: 'host' }, 'networkMode'],
    [{ name: 'x'.repeat(31) }, 'name'],
    [{ labels: { 'com.docker.stack.namespace': 'app' } }, 'labels'],
    [{ remote: {} }, 'remote'],
    [{ signal: 'stop' }, 'signal'],
    [{ onEvent: 'print' }, 'onEvent'],
    [{ stopGracePeriodMs: -5 }, 'stopGracePeriodMs'],
  ])('%j is an OptionsError naming `%s`', async (override, field) => {
    await optionsError(runOneOff({ ...base, ...(override as object) }), field);
  });

  it('migrate refuses check and plan together', async () => {
    await optionsError(migrate({ remote, image: base.image, check: true, plan: true }), 'check');
  });

  it('migrate checks the run options before it takes the lock', async () => {
    await optionsError(migrate({ remote, image: '', stack: 'app' }), 'image');
    await optionsError(migrate({ remote, image: base.image, stack: 'app', manage: [] }), 'manage');
    await optionsError(
      migrate({ remote, image: base.image, stack: 'app', lock: 'yes' as never }),
      'lock',
    );
  });

  it('an aborted signal stops before anything is touched', async () => {
    await expectRejection(runOneOff({ ...base, signal: AbortSignal.abort() }), {
      code: 'CANCELLED',
      class: CancelledError,
    });
  });
});

// Regression: runOneOff took any object as `auth` and quietly pulled without credentials.
describe('registry credentials', () => {
  it.each([
    ['a host map (the deployer’s old RegistryAuth)', { 'ghcr.io': { username: 'u', password } }],
    ['{ foo: 1 }', { foo: 1 }],
    [
      'the engine’s auth config (the migrator’s old RegistryAuth)',
      { serveraddress: 'registry.example.com', username: 'u', password },
    ],
    ['a string', password],
  ])('%s is an OptionsError for `credentials`, before anything runs', async (_, credentials) => {
    await optionsError(runOneOff({ ...base, credentials: credentials as never }), 'credentials');
  });

  it('names the bad entry of a list', async () => {
    const good = registryCredentials({ registry: 'registry.example.com', username: 'u', password });
    await optionsError(
      runOneOff({ ...base, credentials: [good, { foo: 1 } as never] }),
      'credentials[1]',
    );
  });

  it('the old `auth` option (e.g. image-builder’s credentials passed to it) is refused, not ignored', async () => {
    const imageBuilderStyle = {
      registry: 'registry.example.com',
      username: 'u',
      password,
      source: 'explicit',
    };
    await optionsError(runOneOff({ ...base, auth: imageBuilderStyle } as never), 'auth');
    await optionsError(
      migrate({ remote, image: base.image, auth: imageBuilderStyle } as never),
      'auth',
    );
  });

  it('core’s credentials pass the checks (the first engine call is reached)', async () => {
    const credentials = registryCredentials({
      registry: 'registry.example.com',
      username: 'u',
      password,
    });
    await expectRejection(runOneOff({ ...base, credentials }), {
      code: 'ONE_OFF_DOCKER_API_FAILED',
      class: OneOffError,
      message: 'no Docker call expected',
      secrets: [password],
    });
  });

  it('warns when none of the credentials is for the image’s registry', async () => {
    const events: MigratorEvent[] = [];
    await runOneOff({
      ...base,
      credentials: registryCredentials({ registry: 'ghcr.io', username: 'u', password }),
      onEvent: (event) => events.push(event),
    }).catch(() => {});
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'warning', code: 'ONE_OFF_NO_CREDENTIALS' }),
    );
    expect(JSON.stringify(events)).not.toContain(password);
  });
});
