import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  everyHostVerdict,
  STATIC_PROBE_SCRIPT,
  staticTargetVerdict,
} from './static-target-check.js';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sltest-doctor-static-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The probe as doctor runs it on the manager, here on this machine's sh. */
async function probe(target: string) {
  const { stdout } = await run('sh', [
    '-c',
    STATIC_PROBE_SCRIPT,
    'sh',
    target,
    '.swarmlift-doctor-test',
  ]);
  return staticTargetVerdict({ target, user: 'deploy', exitCode: 0, stdout });
}

describe('the static target probe and its verdict', () => {
  it('a writable folder: passes and leaves nothing behind', async () => {
    const verdict = await probe(dir);
    expect(verdict).toMatchObject({ status: 'ok' });
    expect(verdict.message).toContain('can write to');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a missing folder: passes when the nearest existing parent is writable, creating nothing', async () => {
    const verdict = await probe(join(dir, 'site', 'static-root'));
    expect(verdict.message).toBe(
      `${join(dir, 'site', 'static-root')} does not exist yet; deploy can create it in ${dir}`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file where the folder should be: fails', async () => {
    await writeFile(join(dir, 'f'), '');
    expect((await probe(join(dir, 'f'))).status).toBe('failed');
  });

  it('judges "denied" and an output it does not know', () => {
    expect(
      staticTargetVerdict({
        target: '/srv/s',
        user: 'deploy',
        exitCode: 0,
        stdout: 'denied /srv\n',
      }),
    ).toMatchObject({
      status: 'failed',
      message: 'deploy cannot write to /srv (to create /srv/s)',
    });
    expect(
      staticTargetVerdict({
        target: '/srv/s',
        user: 'deploy',
        exitCode: 0,
        stdout: 'denied /srv/s',
      }).hint,
    ).toBe('On the manager: sudo mkdir -p /srv/s && sudo chown deploy /srv/s');
    expect(staticTargetVerdict({ target: '/x', user: 'u', exitCode: 127, stdout: '' }).status).toBe(
      'failed',
    );
  });
});

describe('everyHostVerdict', () => {
  it('passes only when STATIC_TARGET passes on every static host, naming each that failed', () => {
    const ok = { status: 'ok' as const, message: 'writable' };
    expect(
      everyHostVerdict([
        { host: 'deploy@w1:22', verdict: ok },
        { host: 'deploy@w2:22', verdict: ok },
      ]),
    ).toEqual({
      status: 'ok',
      message: 'writable on all 2 static hosts (deploy@w1:22, deploy@w2:22)',
    });
    const verdict = everyHostVerdict([
      { host: 'deploy@w1:22', verdict: ok },
      {
        host: 'deploy@w2:22',
        verdict: { status: 'failed', message: 'deploy cannot write to /srv', hint: 'chown it' },
      },
    ]);
    expect(verdict).toEqual({
      status: 'failed',
      message: 'deploy@w2:22: deploy cannot write to /srv',
      hint: 'chown it',
    });
  });
});
