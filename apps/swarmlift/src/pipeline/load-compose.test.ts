import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCompose, UNNAMED_STACK } from './load-compose.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swarmlift-load-compose-'));
  await writeFile(
    join(dir, 'docker-compose.yml'),
    [
      'version: "3.8"',
      'services:',
      '  django:',
      '    image: ${REGISTRY}/${IMAGE_NAME}/django-app:${GITHUB_SHA_SHORT}',
      '    env_file: .env',
      '    networks: [backend]',
      'networks:',
      '  backend: {}',
      '',
    ].join('\n'),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settings = (stack: string) => ({
  composeFiles: [join(dir, 'docker-compose.yml')],
  appService: 'django',
  stack,
  version: 'abc1234',
  registry: 'ghcr.io',
  imageName: 'acme/shop',
  staticTarget: '/srv/shop',
  appEnv: {},
  cwd: dir,
});

describe('loadCompose', () => {
  it('loads for commands that do not read STACK_NAME (build, static, env)', async () => {
    const loaded = await loadCompose(settings(''), {}, undefined);
    expect(loaded.image).toBe('ghcr.io/acme/shop/django-app:abc1234');
    expect(loaded.appNetworks).toEqual([`${UNNAMED_STACK}_backend`]);
  });

  it('names the networks after the stack when there is one', async () => {
    const loaded = await loadCompose(settings('shop'), {}, undefined);
    expect(loaded.appNetworks).toEqual(['shop_backend']);
  });
});
