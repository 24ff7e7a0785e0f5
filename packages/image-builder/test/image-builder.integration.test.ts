import {
  type BuiltImageReference,
  buildImageReference,
  registryCredentials,
} from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, dockerClient, expectRejection, uniqueName } from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuildAndPushEvent,
  type BuildAndPushResult,
  type BuildEvent,
  type BuildImageResult,
  buildAndPush,
  buildImage,
  imageExists,
  type PushImageResult,
  pushImage,
  RegistryAuthError,
  RegistryUnreachableError,
} from '../src/index.js';
import { filesInImage, removeImages, writeFixture } from './fixture.js';

const SHA = 'c0ffee0123456789abcdef0123456789abcdef01';

describeIntegration('image-builder against the real engine and registry', (env) => {
  const docker = dockerClient(env);
  const images = new Set<string>();
  const cleanups: Array<() => Promise<void>> = [];
  let remote: Remote;
  beforeAll(async () => {
    remote = await connect({ target: `unix://${env.DOCKER_SOCKET}` });
  });
  afterAll(async () => {
    await removeImages(docker, images);
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await remote?.close();
  });

  const goodCredentials = () =>
    registryCredentials({
      registry: env.REGISTRY_HOST,
      username: env.REGISTRY_USER,
      password: env.REGISTRY_PASSWORD,
    });
  const newRef = (label: string, tag = 'c0ffee0') => {
    const ref = buildImageReference({
      registry: env.REGISTRY_HOST,
      imageName: 'swarmlift-test',
      component: uniqueName(label),
      tag,
    });
    images.add(ref.ref);
    return ref;
  };
  const fixture = async (options: Parameters<typeof writeFixture>[1] = {}) => {
    const written = await writeFixture(env, options);
    cleanups.push(written.remove);
    return written.root;
  };

  describe('build, push, pull back by digest', () => {
    let ref: BuiltImageReference;
    let built: BuildImageResult;
    let pushed: PushImageResult;
    const events: BuildEvent[] = [];

    it('builds with .dockerignore applied and a Dockerfile in a subfolder', async () => {
      const context = await fixture({
        dockerfilePath: 'deployment/Dockerfile',
        dockerignore:
          '.git\nnode_modules\n**/__pycache__\n*.env\nvendor\n!vendor/keep/this.txt\ndeployment\n',
      });
      ref = newRef('build');
      built = await buildImage({
        remote,
        context,
        dockerfile: 'deployment/Dockerfile',
        tags: [ref.ref],
        oci: { revision: SHA, source: 'https://github.com/swarmlift/example' },
        labels: { 'com.example.team': 'web' },
        onEvent: (event) => events.push(event),
      });
      expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(events.filter((e) => e.type === 'build_step').length).toBe(built.totalSteps);
      expect(events.at(-1)).toMatchObject({ type: 'build_done', imageId: built.imageId });
    });

    it('the image holds exactly what .dockerignore lets through', async () => {
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
    });

    it('carries the OCI labels and the caller’s labels', async () => {
      const inspect = await docker.getImage(ref.ref).inspect();
      expect(inspect.Config.Labels).toMatchObject({
        'org.opencontainers.image.revision': SHA,
        'org.opencontainers.image.source': 'https://github.com/swarmlift/example',
        'com.example.team': 'web',
      });
      expect(
        Date.parse(inspect.Config.Labels?.['org.opencontainers.image.created'] ?? ''),
      ).not.toBeNaN();
    });

    it('pushes and reports the digest the registry then has', async () => {
      const credentials = goodCredentials();
      expect(await imageExists({ image: ref.ref, credentials })).toEqual({ exists: false });
      pushed = await pushImage({ remote, image: ref.ref, credentials });
      expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(pushed.image).toBe(ref.ref);
      expect(await imageExists({ image: ref.ref, credentials })).toEqual({
        exists: true,
        digest: pushed.digest,
      });
    });

    it('pulls back by digest: the same image', async () => {
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
  });

  it('fails a broken RUN with IMAGE_BUILD_FAILED naming the step and its output', async () => {
    const context = await fixture({
      extra: {
        Dockerfile: `FROM ${env.IMAGE_BUSYBOX}\nRUN echo preparing\nRUN echo about to fail && false\nRUN echo never\n`,
      },
    });
    const ref = newRef('fail');
    const error = await buildImage({ remote, context, tags: [ref.ref], oci: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'IMAGE_BUILD_FAILED',
      step: 'step 3/4 (RUN echo about to fail && false)',
    });
    expect((error as Error).message).toMatch(/returned a non-zero code: 1/);
    expect((error as { output: string[] }).output).toContain('about to fail');
  });

  it('reports an unused build arg as a warning event', async () => {
    const context = await fixture();
    const ref = newRef('warn');
    const events: BuildEvent[] = [];
    await buildImage({
      remote,
      context,
      tags: [ref.ref],
      oci: false,
      buildArgs: { NOBODY_USES_THIS: '1' },
      onEvent: (event) => events.push(event),
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        code: 'IMAGE_BUILD_WARNING',
        message: expect.stringMatching(/NOBODY_USES_THIS/),
      }),
    );
  });

  describe('wrong credentials', () => {
    let ref: BuiltImageReference;
    const bad = () =>
      registryCredentials({
        registry: env.REGISTRY_HOST,
        username: env.REGISTRY_USER,
        password: 'definitely-wrong-pw',
      });

    it('builds the image to push', async () => {
      ref = newRef('badauth');
      await buildImage({ remote, context: await fixture(), tags: [ref.ref], oci: false });
    });

    it('a push with a bad password fails with REGISTRY_AUTH_FAILED and no secret in the message', async () => {
      const error = await expectRejection(
        pushImage({ remote, image: ref.ref, credentials: bad() }),
        {
          code: 'REGISTRY_AUTH_FAILED',
          class: RegistryAuthError,
          secrets: ['definitely-wrong-pw'],
        },
      );
      expect(error).toMatchObject({ registry: env.REGISTRY_HOST });
      expect(error.hint).toMatch(/packages: write/);
    });

    it('the registry check fails the same way, with or without credentials', async () => {
      await expectRejection(imageExists({ image: ref.ref, credentials: bad() }), {
        code: 'REGISTRY_AUTH_FAILED',
        class: RegistryAuthError,
        secrets: ['definitely-wrong-pw'],
      });
      await expectRejection(imageExists({ image: ref.ref }), {
        code: 'REGISTRY_AUTH_FAILED',
        class: RegistryAuthError,
      });
    });
  });

  describe('a registry host that does not exist', () => {
    let ref: BuiltImageReference;
    const credentials = registryCredentials({
      registry: 'registry.invalid',
      username: 'u',
      password: 'p',
    });

    it('builds the image to push', async () => {
      ref = buildImageReference({
        registry: 'registry.invalid',
        imageName: 'swarmlift-test',
        component: uniqueName('nohost'),
        tag: 'c0ffee0',
      });
      images.add(ref.ref);
      await buildImage({ remote, context: await fixture(), tags: [ref.ref], oci: false });
    });

    it('the push fails fast with REGISTRY_UNREACHABLE naming the host', async () => {
      const started = Date.now();
      await expectRejection(pushImage({ remote, image: ref.ref, credentials }), {
        code: 'REGISTRY_UNREACHABLE',
        class: RegistryUnreachableError,
        message: /registry\.invalid/,
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('the registry check fails fast the same way', async () => {
      const started = Date.now();
      await expectRejection(imageExists({ image: ref.ref, credentials }), {
        code: 'REGISTRY_UNREACHABLE',
        class: RegistryUnreachableError,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('buildAndPush skips the build when the registry already has the tag', () => {
    let options: Parameters<typeof buildAndPush>[0];
    let expected: string;
    let latest: string;
    let first: BuildAndPushResult;

    it('a fresh checkout: the version comes from git, the tag is not in the registry', async () => {
      const context = await fixture({ dockerignore: '.git\nnode_modules\n' });
      // A real checkout: the version comes from git, `created` from the commit time.
      const git = (...args: string[]) => execa('git', args, { cwd: context });
      await git('init', '-q');
      await git('add', '-A');
      await git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'fixture');
      const sha = (await git('rev-parse', 'HEAD')).stdout;
      const component = uniqueName('bap');
      options = {
        remote,
        context,
        registry: env.REGISTRY_HOST,
        imageName: 'swarmlift-test',
        component,
        sha,
        credentials: goodCredentials(),
      };
      expected = buildImageReference({
        registry: env.REGISTRY_HOST,
        imageName: 'swarmlift-test',
        component,
        tag: sha.slice(0, 7),
      }).ref;
      latest = `${env.REGISTRY_HOST}/swarmlift-test/${component}:latest`;
      images.add(expected);
      images.add(latest);
      expect(await imageExists({ image: expected, credentials: goodCredentials() })).toEqual({
        exists: false,
      });
    });

    it('the first run builds and pushes every tag', async () => {
      const events: BuildAndPushEvent[] = [];
      first = await buildAndPush({
        ...options,
        extraTags: ['latest'],
        onEvent: (e) => events.push(e),
      });
      expect(first).toMatchObject({ image: expected, version: expected.slice(-7), skipped: false });
      expect(first.digest).toMatch(/^sha256:/);
      expect(first.pushes.map((p) => p.image)).toEqual([expected, latest]);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'registry_checked', image: expected, exists: false }),
      );
      expect(events.some((e) => e.type === 'push_done')).toBe(true);
    });

    it('a second run skips: nothing built, the registry’s digest', async () => {
      const events: BuildAndPushEvent[] = [];
      const second = await buildAndPush({ ...options, onEvent: (e) => events.push(e) });
      expect(second).toMatchObject({
        image: expected,
        skipped: true,
        digest: first.digest,
        pushes: [],
      });
      expect(second.build).toBeUndefined();
      expect(second.durationMs).toBeLessThan(1000);
      expect(events).toContainEqual({
        type: 'build_skipped',
        image: expected,
        digest: first.digest,
        reason: 'tag_exists',
      });
    });

    it('force: true rebuilds, every step after FROM from the cache', async () => {
      const forced = await buildAndPush({ ...options, force: true });
      expect(forced.skipped).toBe(false);
      // Same commit, same context, labels from the commit: every step after FROM comes from the cache.
      expect(forced.build?.cachedSteps).toBe((forced.build?.totalSteps ?? 0) - 1);
      expect(forced.build?.imageId).toBe(first.build?.imageId);
    });
  });
});
