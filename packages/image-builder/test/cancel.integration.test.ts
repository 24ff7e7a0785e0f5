import { randomBytes } from 'node:crypto';
import { CancelledError, registryCredentials, TimedOutError } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, dockerClient, expectRejection, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BuildEvent, buildAndPush, buildImage, imageExists, pushImage } from '../src/index.js';
import { expectNothingUncaught, removeImages, writeFixture } from './fixture.js';

/**
 * An aborted or timed-out build stops its streams, the engine stops the
 * build (its intermediate container goes away), and the call rejects with
 * core's CancelledError / TimedOutError — nothing escapes uncaught.
 */
describeIntegration('cancelling and time limits against the real engine', (env) => {
  const docker = dockerClient(env);
  expectNothingUncaught();
  const cleanups: Array<() => Promise<void>> = [];
  const images: string[] = [];
  let remote: Remote;
  beforeAll(async () => {
    remote = await connect({ target: `unix://${env.DOCKER_SOCKET}` });
  });
  afterAll(async () => {
    await removeImages(docker, images);
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await remote?.close();
  });

  /** A build whose third step sleeps; its marker finds the step's container. */
  const slowBuild = async () => {
    const marker = `sltest-slow-${randomBytes(4).toString('hex')}`;
    const fixture = await writeFixture(env, {
      extra: {
        Dockerfile: `FROM ${env.IMAGE_BUSYBOX}\nRUN echo ${marker}-start\nRUN sleep 60 && echo ${marker}\n`,
      },
    });
    cleanups.push(fixture.remove);
    const tag = `${uniqueName('slow')}:x`;
    images.push(tag);
    return { context: fixture.root, marker, tag };
  };
  const containersOf = async (marker: string) =>
    (await docker.listContainers({ all: true })).filter((c) => c.Command.includes(marker));
  const sleepStarted = (events: BuildEvent[]) =>
    events.some((e) => e.type === 'build_output' && /Running in/.test(e.line) && e.step === 3);
  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('an aborted build rejects with CancelledError at once and the engine stops it', async () => {
    const { context, marker, tag } = await slowBuild();
    const controller = new AbortController();
    const events: BuildEvent[] = [];
    const build = buildImage({
      remote,
      context,
      tags: [tag],
      oci: false,
      noCache: true,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    build.catch(() => {});
    await waitFor(() => sleepStarted(events));
    await waitFor(async () => (await containersOf(marker)).length > 0);
    const aborted = Date.now();
    controller.abort();
    await expectRejection(build, { code: 'CANCELLED', class: CancelledError });
    expect(Date.now() - aborted).toBeLessThan(2_000);
    // The engine cancels a build whose client went away and removes its container (forcerm).
    await waitFor(async () => (await containersOf(marker)).length === 0, 30_000);
    await expect(docker.getImage(tag).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a build past timeoutMs rejects with TimedOutError and is stopped the same way', async () => {
    const { context, marker, tag } = await slowBuild();
    const started = Date.now();
    const error = await expectRejection(
      buildImage({ remote, context, tags: [tag], oci: false, noCache: true, timeoutMs: 3_000 }),
      { code: 'TIMED_OUT', class: TimedOutError },
    );
    expect(error).toMatchObject({ category: 'timed_out', timeoutMs: 3_000 });
    expect(error.message).toMatch(new RegExp(`Building ${tag.replace(/[.:]/g, '\\$&')}`));
    expect(Date.now() - started).toBeLessThan(8_000);
    await waitFor(async () => (await containersOf(marker)).length === 0, 30_000);
  });

  it('buildAndPush past timeoutMs rejects with TimedOutError', async () => {
    const { context, marker } = await slowBuild();
    const component = uniqueName('bap-slow');
    images.push(`${env.REGISTRY_HOST}/swarmlift-test/${component}:c0ffee0`);
    await expectRejection(
      buildAndPush({
        remote,
        context,
        registry: env.REGISTRY_HOST,
        imageName: 'swarmlift-test',
        component,
        sha: 'c0ffee0123456789abcdef0123456789abcdef01',
        credentials: registryCredentials({
          registry: env.REGISTRY_HOST,
          username: env.REGISTRY_USER,
          password: env.REGISTRY_PASSWORD,
        }),
        noCache: true,
        timeoutMs: 3_000,
      }),
      { code: 'TIMED_OUT', class: TimedOutError },
    );
    await waitFor(async () => (await containersOf(marker)).length === 0, 30_000);
  });

  it('an already aborted signal: pushImage and imageExists reject with CancelledError, nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const image = `${env.REGISTRY_HOST}/swarmlift-test/${uniqueName('never')}:x`;
    await expectRejection(pushImage({ remote, image, signal: controller.signal }), {
      code: 'CANCELLED',
      class: CancelledError,
    });
    await expectRejection(imageExists({ image, signal: controller.signal }), {
      code: 'CANCELLED',
      class: CancelledError,
    });
  });
});
