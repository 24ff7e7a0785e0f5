import { CancelledError, registryCredentials } from '@swarmlift/core';
import { describeIntegration, expectRejection } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, ImageDigestError, type Remote, resolveImageDigest } from '../src/index.js';
import { rejectionOf, sshOptions } from './helpers.js';

describeIntegration('resolveImageDigest: the registry’s digest through the engine', (env) => {
  let remote: Remote;
  let local: Remote;
  const image = env.REGISTRY_IMAGE_BUSYBOX;
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  let registryDigest: string;

  beforeAll(async () => {
    [remote, local] = await Promise.all([
      connect(sshOptions(env)),
      connect({ target: `unix://${env.DOCKER_SOCKET}` }),
    ]);
    // What the registry itself says, asked directly (the manifest list or the manifest).
    const [, path, tag] = /^[^/]+\/(.+):([^:]+)$/.exec(image) ?? [];
    const response = await fetch(`http://${env.REGISTRY_HOST}/v2/${path}/manifests/${tag}`, {
      method: 'HEAD',
      headers: {
        authorization: `Basic ${Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64')}`,
        accept: [
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
        ].join(', '),
      },
    });
    registryDigest = response.headers.get('docker-content-digest') ?? '';
    expect(registryDigest).toMatch(/^sha256:/);
  });
  afterAll(async () => {
    await Promise.all([remote?.close(), local?.close()]);
  });

  it('resolves a private image with credentials, over SSH and on the local socket alike', async () => {
    const overSsh = await resolveImageDigest({ remote, image, credentials });
    expect(overSsh.digest).toBe(registryDigest);
    expect(overSsh.pinned).toBe(`${image}@${registryDigest}`);
    expect(overSsh.platforms).toEqual([{ Architecture: 'amd64', OS: 'linux' }]);
    expect(await resolveImageDigest({ remote: local, image, credentials: [credentials] })).toEqual(
      overSsh,
    );
  });

  it('pins a name without a tag to :latest, and keeps a digest reference', async () => {
    const bare = image.replace(/:latest$/, '');
    expect((await resolveImageDigest({ remote, image: bare, credentials })).pinned).toBe(
      `${bare}:latest@${registryDigest}`,
    );
    const byDigest = `${bare}@${registryDigest}`;
    const resolved = await resolveImageDigest({ remote, image: byDigest, credentials });
    expect(resolved).toMatchObject({ digest: registryDigest, pinned: byDigest });
  });

  it('refuses without credentials: IMAGE_DIGEST_UNAVAILABLE with the engine’s message and a hint', async () => {
    const error = await expectRejection(resolveImageDigest({ remote, image }), {
      code: 'IMAGE_DIGEST_UNAVAILABLE',
      class: ImageDigestError,
      env,
    });
    if (!ImageDigestError.isInstance(error)) return;
    expect(error).toMatchObject({ code: 'IMAGE_DIGEST_UNAVAILABLE', image, category: 'failed' });
    expect(error.message).toMatch(
      /unauthorized|authentication required|denied|no basic auth credentials/i,
    );
    expect(error.hint).toMatch(/Pass credentials/);
    expect(error.hint).toMatch(/credentials/);
    expect(error.cause).toBeDefined();
  });

  it('names wrong credentials and a missing tag, and never shows the password', async () => {
    const wrong = registryCredentials({
      registry: env.REGISTRY_HOST,
      username: env.REGISTRY_USER,
      password: 'wrong-password-sltest',
    });
    const refused = await rejectionOf(resolveImageDigest({ remote, image, credentials: wrong }));
    expect(refused).toMatchObject({ code: 'IMAGE_DIGEST_UNAVAILABLE' });
    expect(refused.hint).toMatch(/refused these credentials/);
    const missing = await rejectionOf(
      resolveImageDigest({ remote, image: `${image}-sltest-missing`, credentials }),
    );
    expect(missing).toMatchObject({ code: 'IMAGE_DIGEST_UNAVAILABLE' });
    expect(missing.hint).toMatch(/name and tag|pushed/);
    for (const error of [refused, missing]) {
      expect(`${error.message} ${error.hint}`).not.toContain(env.REGISTRY_PASSWORD);
      expect(`${error.message} ${error.hint}`).not.toContain('wrong-password-sltest');
    }
  });

  it('checks its options before asking: a bad reference, credentials of another shape', async () => {
    expect(
      await rejectionOf(resolveImageDigest({ remote, image: 'Not/Valid:image:x', credentials })),
    ).toMatchObject({ code: 'IMAGE_REF_INVALID' });
    expect(
      await rejectionOf(
        resolveImageDigest({
          remote,
          image,
          credentials: { [env.REGISTRY_HOST]: { username: 'u' } } as never,
        }),
      ),
    ).toMatchObject({ code: 'OPTIONS_INVALID', field: 'credentials' });
    expect(await rejectionOf(resolveImageDigest({ remote: {} as never, image }))).toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'remote',
    });
  });

  it('stops when cancelled or past timeoutMs', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = await rejectionOf(
      resolveImageDigest({ remote, image, credentials, signal: controller.signal }),
    );
    expect(CancelledError.isInstance(cancelled)).toBe(true);
    const timedOut = await rejectionOf(
      resolveImageDigest({ remote, image, credentials, timeoutMs: 1 }),
    );
    expect(timedOut).toMatchObject({ code: 'TIMED_OUT', category: 'timed_out' });
    // The session is still good afterwards.
    expect((await resolveImageDigest({ remote, image, credentials })).digest).toBe(registryDigest);
  });
});
