import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, dockerClient, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildAndPush, imageExists, registryAuth } from '../src/index.js';
import { removeImages, writeFixture } from './fixture.js';

describeIntegration('image-builder through a @swarmlift/remote SSH session', (env) => {
  let remote: Remote;
  const refs: string[] = [];

  beforeAll(async () => {
    remote = await connect({
      target: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
      privateKeyPath: env.SSH_KEY_PATH,
      hostKey: { fingerprint: env.SSH_HOST_KEY_FINGERPRINT },
    });
  });
  afterAll(async () => {
    await removeImages(dockerClient(env), refs);
    await remote?.close();
  });

  it('streams the build context over the session, builds on the manager and pushes', async () => {
    const fixture = await writeFixture(env, { dockerignore: '.git\nnode_modules\n' });
    try {
      const auth = await registryAuth({
        registry: env.REGISTRY_HOST,
        username: env.REGISTRY_USER,
        password: env.REGISTRY_PASSWORD,
      });
      const options = {
        docker: remote.docker,
        context: fixture.root,
        registry: env.REGISTRY_HOST,
        imageName: 'swarmlift-test',
        component: uniqueName('ssh'),
        sha: 'c0ffee0123456789abcdef0123456789abcdef01',
        auth,
      };
      const first = await buildAndPush(options);
      refs.push(first.ref);
      expect(first.skipped).toBe(false);
      expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await imageExists({ ref: first.ref, auth })).toMatchObject({
        exists: true,
        digest: first.digest,
      });
      // The image is in the engine behind the session (here the same engine as the local socket).
      const inspected = await dockerClient(env).getImage(first.ref).inspect();
      expect(inspected.RepoDigests.some((d) => d.endsWith(first.digest ?? 'none'))).toBe(true);
      const again = await buildAndPush(options);
      expect(again).toMatchObject({ skipped: true, digest: first.digest });
    } finally {
      await fixture.remove();
    }
  });
});
