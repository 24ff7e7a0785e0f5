import { registryCredentials } from '@swarmlift/core';
import { connect } from '@swarmlift/remote';
import {
  describeIntegration,
  expectRejection,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { buildAndPush, buildImage, ImageBuilderError, pushImage } from '../src/index.js';
import { expectNothingUncaught, writeFixture } from './fixture.js';

/**
 * Regression tests for issue 13's process crash: with the engine out of
 * reach, `buildImage`/`buildAndPush` used to end Node with an uncaught
 * `StreamError: Writable stream closed` (the context tar's pipe into a
 * destroyed request) — and then hang — instead of rejecting. Each case must
 * reject with an image-builder error the caller can catch
 * (`IMAGE_ENGINE_UNREACHABLE`, category `unreachable`), and nothing may
 * escape as an uncaught error or unhandled rejection.
 */
describeIntegration('an engine out of reach rejects, it never crashes the process', (env) => {
  expectNothingUncaught();
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const context = async () => {
    const written = await writeFixture(env);
    cleanups.push(written.remove);
    return written.root;
  };
  const missingSocket = () => `/tmp/${uniqueName('no-engine')}.sock`;
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  const bapOptions = async (remote: Parameters<typeof buildAndPush>[0]['remote']) => ({
    remote,
    context: await context(),
    registry: env.REGISTRY_HOST,
    imageName: 'swarmlift-test',
    component: uniqueName('unreachable'),
    sha: 'c0ffee0123456789abcdef0123456789abcdef01',
    credentials,
  });
  const unreachable = (promise: Promise<unknown>) =>
    expectRejection(promise, { code: 'IMAGE_ENGINE_UNREACHABLE', class: ImageBuilderError });

  it('buildImage with a socket that does not exist (connect to unix://…)', async () => {
    const remote = await connect({ target: `unix://${missingSocket()}` });
    try {
      const error = await unreachable(
        buildImage({
          remote,
          context: await context(),
          tags: ['sltest/unreachable:x'],
          oci: false,
        }),
      );
      expect(error).toMatchObject({ category: 'unreachable' });
      expect(error.message).toMatch(
        /Docker engine cannot be reached to build sltest\/unreachable:x/,
      );
    } finally {
      await remote.close();
    }
  });

  it('buildImage with a dockerode socketPath that does not exist', async () => {
    const remote = { docker: new Docker({ socketPath: missingSocket() }) };
    await unreachable(
      buildImage({ remote, context: await context(), tags: ['sltest/unreachable:x'], oci: false }),
    );
  });

  it('pushImage with a socket that does not exist', async () => {
    const remote = { docker: new Docker({ socketPath: missingSocket() }) };
    await unreachable(
      pushImage({ remote, image: `${env.REGISTRY_HOST}/sltest/unreachable:x`, credentials }),
    );
  });

  it('buildAndPush with force: true and a socket that does not exist', async () => {
    const remote = await connect({ target: `unix://${missingSocket()}` });
    try {
      await unreachable(buildAndPush({ ...(await bapOptions(remote)), force: true }));
    } finally {
      await remote.close();
    }
  });

  it('buildAndPush without force (the registry check passes, the build cannot start)', async () => {
    const remote = { docker: new Docker({ socketPath: missingSocket() }) };
    await unreachable(buildAndPush(await bapOptions(remote)));
  });

  it('buildImage, pushImage and buildAndPush after remote.close() of an SSH session', async () => {
    const remote = await connect(sshConnectOptions(env));
    await remote.close();
    const error = await unreachable(
      buildImage({ remote, context: await context(), tags: ['sltest/closed:x'], oci: false }),
    );
    // The RemoteError is kept as the cause, never thrown raw.
    expect(error.cause).toBeDefined();
    await unreachable(
      pushImage({ remote, image: `${env.REGISTRY_HOST}/sltest/closed:x`, credentials }),
    );
    await unreachable(buildAndPush({ ...(await bapOptions(remote)), force: true }));
  });
});
