import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { MigratorError } from './errors.js';
import { migrate } from './migrate.js';
import { runOneOff } from './run-one-off.js';

// Options are checked before any Docker call: a docker client that throws proves none is made.
const remote = {
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

describe('runOneOff option checks', () => {
  it.each([
    [{ image: '' }, 'image'],
    [{ command: [] }, 'command'],
    [{ command: 'python manage.py migrate' }, 'command'],
    [{ stack: 'bad stack' }, 'stack'],
    [{ networks: ['default'] }, 'networks'],
    [{ stack: 'app', networks: ['no/slash'] }, 'networks'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ mode: 'swarm' }, 'mode'],
    [{ networkMode: 'host' }, 'networkMode'],
    [{ name: 'x'.repeat(31) }, 'name'],
  ])('%j is OPTIONS_INVALID naming `%s`', async (override, field) => {
    const error = await runOneOff({ ...base, ...(override as object) }).catch((e) => e);
    expect(MigratorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'OPTIONS_INVALID' });
    expect(error.message).toContain(`\`${field}\``);
    expect(error.hint).not.toBe('');
  });

  it('migrate refuses check and plan together', async () => {
    const error = await migrate({ remote, image: base.image, check: true, plan: true }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'OPTIONS_INVALID' });
  });
});
