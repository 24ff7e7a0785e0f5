import { describeIntegration, dockerClient, uniqueName } from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, afterEach, expect, it } from 'vitest';
import {
  type BuildAndPushEvent,
  type BuildEvent,
  buildAndPush,
  buildImage,
  imageExists,
  imageRef,
  pushImage,
  registryAuth,
} from '../src/index.js';
import { filesInImage, removeImages, writeFixture } from './fixture.js';

const SHA = 'c0ffee0123456789abcdef0123456789abcdef01';

describeIntegration('image-builder against the real engine and registry', (env) => {
  const docker = dockerClient(env);
  const images = new Set<string>();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await removeImages(docker, [...images]);
    images.clear();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => removeImages(docker, images));

  const goodAuth = () =>
    registryAuth({
      registry: env.REGISTRY_HOST,
      username: env.REGISTRY_USER,
      password: env.REGISTRY_PASSWORD,
    });
  const newRef = (label: string, tag = 'c0ffee0') =>
    imageRef({
      registry: env.REGISTRY_HOST,
      imageName: 'swarmlift-test',
      component: uniqueName(label),
      tag,
    });

  it('builds with .dockerignore, pushes, reports the digest and pulls back by digest', async () => {
    const fixture = await writeFixture(env, {
      dockerfilePath: 'deployment/Dockerfile',
      dockerignore:
        '.git\nnode_modules\n**/__pycache__\n*.env\nvendor\n!vendor/keep/this.txt\ndeployment\n',
    });
    cleanups.push(fixture.remove);
    const ref = newRef('build');
    images.add(ref.ref);
    const events: BuildEvent[] = [];
    const built = await buildImage({
      docker,
      context: fixture.root,
      dockerfile: 'deployment/Dockerfile',
      tags: [ref.ref],
      oci: { revision: SHA, source: 'https://github.com/swarmlift/example' },
      labels: { 'com.example.team': 'web' },
      onEvent: (event) => events.push(event),
    });
    expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(events.filter((e) => e.type === 'build-step').length).toBe(built.totalSteps);

    const files = await filesInImage(env, ref.ref);
    expect(files).toContain('app/main.py');
    expect(files).toContain('vendor/keep/this.txt');
    for (const excluded of [
      'prod.env',
      '.git',
      'node_modules',
      'app/__pycache__',
      'vendor/drop.txt',
      'vendor/keep/that.txt',
      'deployment/Dockerfile',
    ]) {
      expect(files).not.toContain(excluded);
    }

    const inspect = await docker.getImage(ref.ref).inspect();
    expect(inspect.Config.Labels).toMatchObject({
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/swarmlift/example',
      'com.example.team': 'web',
    });
    expect(
      Date.parse(inspect.Config.Labels?.['org.opencontainers.image.created'] ?? ''),
    ).not.toBeNaN();

    const auth = await goodAuth();
    expect(await imageExists({ ref: ref.ref, auth })).toEqual({ exists: false });
    const pushed = await pushImage({ docker, ref: ref.ref, auth });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await imageExists({ ref: ref.ref, auth })).toEqual({
      exists: true,
      digest: pushed.digest,
    });

    await docker.getImage(ref.ref).remove({ force: true });
    images.add(pushed.pinned);
    const pull = await docker.pull(pushed.pinned, {
      authconfig: {
        username: env.REGISTRY_USER,
        password: env.REGISTRY_PASSWORD,
        serveraddress: env.REGISTRY_HOST,
      },
    });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(pull, (error) => (error ? reject(error) : resolve(undefined))),
    );
    const pulled = await docker.getImage(pushed.pinned).inspect();
    expect(pulled.RepoDigests).toContain(pushed.pinned);
    expect(pulled.Id).toBe(built.imageId);
  });

  it('fails a broken RUN with IMAGE_BUILD_FAILED naming the step and its output', async () => {
    const fixture = await writeFixture(env, {
      extra: {
        Dockerfile: `FROM ${env.IMAGE_BUSYBOX}\nRUN echo preparing\nRUN echo about to fail && false\nRUN echo never\n`,
      },
    });
    cleanups.push(fixture.remove);
    const ref = newRef('fail');
    images.add(ref.ref);
    const error = await buildImage({
      docker,
      context: fixture.root,
      tags: [ref.ref],
      oci: false,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'IMAGE_BUILD_FAILED',
      step: 'step 3/4 (RUN echo about to fail && false)',
    });
    expect((error as Error).message).toMatch(/returned a non-zero code: 1/);
    expect((error as { output: string[] }).output).toContain('about to fail');
  });

  it('fails a push with a bad password with REGISTRY_AUTH_FAILED and no secret in the message', async () => {
    const fixture = await writeFixture(env);
    cleanups.push(fixture.remove);
    const ref = newRef('badauth');
    images.add(ref.ref);
    await buildImage({ docker, context: fixture.root, tags: [ref.ref], oci: false });
    const bad = await registryAuth({
      registry: env.REGISTRY_HOST,
      username: env.REGISTRY_USER,
      password: 'definitely-wrong-pw',
    });
    const pushError = await pushImage({ docker, ref: ref.ref, auth: bad }).catch((e: unknown) => e);
    expect(pushError).toMatchObject({ code: 'REGISTRY_AUTH_FAILED', registry: env.REGISTRY_HOST });
    expect((pushError as { hint: string }).hint).toMatch(/packages: write/);
    const checkError = await imageExists({ ref: ref.ref, auth: bad }).catch((e: unknown) => e);
    expect(checkError).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    for (const error of [pushError, checkError]) {
      expect(
        JSON.stringify({ m: (error as Error).message, h: (error as { hint: string }).hint }),
      ).not.toContain('definitely-wrong-pw');
    }
    const anonymous = await imageExists({ ref: ref.ref }).catch((e: unknown) => e);
    expect(anonymous).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
  });

  it('fails fast with a clear error for a registry host that does not exist', async () => {
    const fixture = await writeFixture(env);
    cleanups.push(fixture.remove);
    const ref = imageRef({
      registry: 'registry.invalid',
      imageName: 'swarmlift-test',
      component: uniqueName('nohost'),
      tag: 'c0ffee0',
    });
    images.add(ref.ref);
    await buildImage({ docker, context: fixture.root, tags: [ref.ref], oci: false });
    const auth = await registryAuth({ registry: 'registry.invalid', username: 'u', password: 'p' });
    let started = Date.now();
    await expect(pushImage({ docker, ref: ref.ref, auth })).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: expect.stringMatching(/registry\.invalid/),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    started = Date.now();
    await expect(imageExists({ ref: ref.ref, auth })).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('buildAndPush skips the build when the registry already has the tag', async () => {
    const fixture = await writeFixture(env, { dockerignore: '.git\nnode_modules\n' });
    cleanups.push(fixture.remove);
    // A real checkout: the version comes from git, `created` from the commit time.
    const git = (...args: string[]) => execa('git', args, { cwd: fixture.root });
    await git('init', '-q');
    await git('add', '-A');
    await git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'fixture');
    const sha = (await git('rev-parse', 'HEAD')).stdout;
    const auth = await goodAuth();
    const component = uniqueName('bap');
    const options = {
      docker,
      context: fixture.root,
      registry: env.REGISTRY_HOST,
      imageName: 'swarmlift-test',
      component,
      sha,
      auth,
    };
    const expected = imageRef({
      registry: env.REGISTRY_HOST,
      imageName: 'swarmlift-test',
      component,
      tag: sha.slice(0, 7),
    }).ref;
    images.add(expected);
    images.add(`${env.REGISTRY_HOST}/swarmlift-test/${component}:latest`);
    expect(await imageExists({ ref: expected, auth })).toEqual({ exists: false });

    const events: BuildAndPushEvent[] = [];
    const first = await buildAndPush({
      ...options,
      extraTags: ['latest'],
      onEvent: (e) => events.push(e),
    });
    expect(first).toMatchObject({ ref: expected, version: sha.slice(0, 7), skipped: false });
    expect(first.digest).toMatch(/^sha256:/);
    expect(first.pushes.map((p) => p.ref)).toEqual([
      expected,
      `${env.REGISTRY_HOST}/swarmlift-test/${component}:latest`,
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'registry-checked', exists: false }),
    );
    expect(events.some((e) => e.type === 'push-done')).toBe(true);

    const second = await buildAndPush(options);
    expect(second).toMatchObject({
      ref: expected,
      skipped: true,
      digest: first.digest,
      pushes: [],
    });
    expect(second.build).toBeUndefined();
    expect(second.durationMs).toBeLessThan(1000);

    const forced = await buildAndPush({ ...options, force: true });
    expect(forced.skipped).toBe(false);
    // Same commit, same context, labels from the commit: every step after FROM comes from the cache.
    expect(forced.build?.cachedSteps).toBe((forced.build?.totalSteps ?? 0) - 1);
    expect(forced.build?.imageId).toBe(first.build?.imageId);
  });
});
