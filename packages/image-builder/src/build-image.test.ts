import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryCredentials } from '@swarmlift/core';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { buildImage, buildQuery, registryConfigOf } from './build-image.js';

async function context(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ib-build-'));
  await writeFile(join(root, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  await writeFile(join(root, 'a.txt'), 'a');
  return root;
}

const nowhere = () => ({ docker: new Docker({ socketPath: join(tmpdir(), 'no-engine.sock') }) });

describe('buildImage options', () => {
  it('are checked before anything is touched', async () => {
    const root = await context();
    const remote = nowhere();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ remote: {}, context: root, tags: ['a/b:c'] }, 'OPTIONS_INVALID', 'remote'],
      [{ remote, context: '', tags: ['a/b:c'] }, 'OPTIONS_INVALID', 'context'],
      [{ remote, context: root, tags: [] }, 'OPTIONS_INVALID', 'tags'],
      [{ remote, context: root, tags: ['Bad/Name:c'] }, 'IMAGE_REF_INVALID', 'tags[0]'],
      [
        { remote, context: root, tags: [`a/b@sha256:${'0'.repeat(64)}`] },
        'OPTIONS_INVALID',
        'tags[0]',
      ],
      [
        { remote, context: root, tags: ['a/b:c'], buildArgs: { X: undefined } },
        'OPTIONS_INVALID',
        'buildArgs.X',
      ],
      [
        { remote, context: root, tags: ['a/b:c'], credentials: { ghcr: 'x' } },
        'OPTIONS_INVALID',
        'credentials',
      ],
      [{ remote, context: root, tags: ['a/b:c'], timeoutMs: 0 }, 'OPTIONS_INVALID', 'timeoutMs'],
      [{ remote, context: root, tags: ['a/b:c'], signal: 'x' }, 'OPTIONS_INVALID', 'signal'],
    ];
    for (const [options, code, field] of cases) {
      await expect(buildImage(options as never), field).rejects.toMatchObject({ code, field });
    }
  });

  it('rejects with CancelledError for an aborted signal, before anything starts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      buildImage({
        remote: nowhere(),
        context: await context(),
        tags: ['a/b:c'],
        oci: false,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED', category: 'cancelled' });
  });

  it('rejects with IMAGE_ENGINE_UNREACHABLE for a socket that does not exist (no uncaught stream error)', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      await expect(
        buildImage({ remote: nowhere(), context: await context(), tags: ['a/b:c'], oci: false }),
      ).rejects.toMatchObject({ code: 'IMAGE_ENGINE_UNREACHABLE', category: 'unreachable' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught).toEqual([]);
  });
});

describe('buildQuery', () => {
  it('maps the options to /build parameters and base-image credentials to registryconfig', () => {
    const credentials = [
      registryCredentials({ registry: 'ghcr.io', username: 'u', password: 'p' }),
      registryCredentials({ registry: 'docker.io' }), // anonymous: left out
    ];
    expect(
      buildQuery(
        {
          buildArgs: { A: '1' },
          target: 'prod',
          cacheFrom: ['x:1'],
          pull: true,
          noCache: true,
          credentials,
        },
        ['r.io/a:b'],
        { l: 'v' },
        'Dockerfile',
      ),
    ).toEqual({
      t: ['r.io/a:b'],
      dockerfile: 'Dockerfile',
      labels: { l: 'v' },
      rm: true,
      forcerm: true,
      buildargs: { A: '1' },
      target: 'prod',
      cachefrom: ['x:1'],
      pull: true,
      nocache: true,
      registryconfig: { 'ghcr.io': { username: 'u', password: 'p', serveraddress: 'ghcr.io' } },
    });
    expect(buildQuery({}, ['a:b'], {}, 'D')).toEqual({
      t: ['a:b'],
      dockerfile: 'D',
      labels: {},
      rm: true,
      forcerm: true,
    });
  });

  it('registryConfigOf takes one credentials object or a list', () => {
    const one = registryCredentials({ registry: 'ghcr.io', username: 'u', password: 'p' });
    expect(Object.keys(registryConfigOf(one) ?? {})).toEqual(['ghcr.io']);
    expect(registryConfigOf(registryCredentials({ registry: 'ghcr.io' }))).toBeUndefined();
    expect(registryConfigOf(undefined)).toBeUndefined();
  });
});
