import { join } from 'node:path';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, dockerCli, dockerClient, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildImage, listContext } from '../src/index.js';
import { filesInImage, removeImages, writeFixture } from './fixture.js';

/**
 * The same fixture, built once by the real Docker CLI and once by
 * `buildImage`, must give the same file list inside the image. The engine
 * here (Docker 20.10, API 1.41) builds `/build` requests with the legacy
 * builder, so the CLI runs with DOCKER_BUILDKIT=0: the same builder and the
 * same client-side .dockerignore handling (CLI 28 falls back to it anyway
 * when buildx is missing).
 */
const variants: Array<[name: string, dockerignore: string | undefined, dockerfile?: string]> = [
  ['no .dockerignore', undefined],
  [
    'typical Django ignores',
    '.git\nnode_modules\n**/__pycache__\n*.env\ndocs/**\n!docs/readme.md\n',
  ],
  ['exception below an excluded folder', 'vendor\n!vendor/keep/this.txt\n'],
  ['Dockerfile and .dockerignore excluded', 'Dockerfile\n.dockerignore\n*.md\n!README.md\n'],
  ['regexp characters and case', 'file(1).txt\nweird+name.txt\napp/secret.txt\n'],
  ['cleaned paths and comments', '# comment\n/app/static/\n./prod.env\n  node_modules  \n'],
  ['everything but the app', '*\n!app\n!app/**\n'],
  ['leading ** suffix', '**.md\n**/*.pyc\n'],
  ['re-excluded after an exception', 'docs\n!docs/readme.md\ndocs\n'],
  ['Dockerfile outside the context', 'node_modules\n', '../outside/Dockerfile'],
];

describeIntegration('.dockerignore: buildImage sends what the Docker CLI sends', (env) => {
  const docker = dockerClient(env);
  const images: string[] = [];
  let remote: Remote;
  beforeAll(async () => {
    remote = await connect({ target: `unix://${env.DOCKER_SOCKET}` });
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await remote?.close();
  });

  it.each(variants)('%s', async (name, dockerignore, dockerfile) => {
    const fixture = await writeFixture(env, {
      ...(dockerignore === undefined ? {} : { dockerignore }),
      ...(dockerfile ? { dockerfilePath: 'outside/Dockerfile' } : {}),
    });
    try {
      const context = dockerfile ? join(fixture.root, 'app') : fixture.root;
      const dockerfilePath = join(context, dockerfile ?? 'Dockerfile');
      const cliTag = `${uniqueName('cli')}:latest`;
      const oursTag = `${uniqueName('ours')}:latest`;
      images.push(cliTag, oursTag);
      await dockerCli(
        env,
        ['build', '-q', '--network', 'none', '-f', dockerfilePath, '-t', cliTag, context],
        {
          env: { DOCKER_BUILDKIT: '0' },
        },
      );
      await buildImage({
        remote,
        context,
        dockerfile: dockerfilePath,
        tags: [oursTag],
        oci: false,
      });
      const expected = await filesInImage(env, cliTag);
      expect(await filesInImage(env, oursTag), name).toEqual(expected);
      // What we send is the image's file list plus, at most, the two files the engine drops itself.
      const sent = (await listContext({ context, dockerfile: dockerfilePath })).map((p) =>
        p.replace(/\/$/, ''),
      );
      const dropped = sent.filter(
        (p) => !expected.includes(p) && !expected.some((e) => e.startsWith(`${p}/`)),
      );
      expect(
        dropped.every(
          (p) => p === '.dockerignore' || p === 'Dockerfile' || p.startsWith('.dockerfile.'),
        ),
        dropped.join(),
      ).toBe(true);
    } finally {
      await fixture.remove();
    }
  });
});
