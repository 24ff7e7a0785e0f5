import { registryCredentials } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BuildAndPushOptions,
  type BuildAndPushResult,
  buildAndPush,
  imageExists,
} from '../src/index.js';
import { removeImages, writeFixture } from './fixture.js';

describeIntegration('image-builder through a @swarmlift/remote SSH session', (env) => {
  let remote: Remote;
  const refs: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let options: BuildAndPushOptions;
  let first: BuildAndPushResult;
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    const fixture = await writeFixture(env, { dockerignore: '.git\nnode_modules\n' });
    cleanups.push(fixture.remove);
    options = {
      remote,
      context: fixture.root,
      registry: env.REGISTRY_HOST,
      imageName: 'swarmlift-test',
      component: uniqueName('ssh'),
      sha: 'c0ffee0123456789abcdef0123456789abcdef01',
      credentials,
    };
  });
  afterAll(async () => {
    await removeImages(dockerClient(env), refs);
    for (const cleanup of cleanups) await cleanup();
    await remote?.close();
  });

  it('streams the build context over the session, builds on the manager and pushes', async () => {
    first = await buildAndPush(options);
    refs.push(first.image);
    expect(first.skipped).toBe(false);
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await imageExists({ image: first.image, credentials })).toMatchObject({
      exists: true,
      digest: first.digest,
    });
  });

  it('the image is in the engine behind the session (here the same engine as the local socket)', async () => {
    const inspected = await dockerClient(env).getImage(first.image).inspect();
    expect(inspected.RepoDigests.some((d) => d.endsWith(first.digest ?? 'none'))).toBe(true);
  });

  it('a second run over the session skips', async () => {
    const again = await buildAndPush(options);
    expect(again).toMatchObject({ skipped: true, digest: first.digest });
  });
});
