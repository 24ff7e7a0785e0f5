import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStack } from '@swarmlift/swarm-deployer';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../settings/config-file.js';
import { initFiles } from './init-files.js';

const guide = { appDir: 'app', settingsModule: 'core.settings', projectPackage: 'core' };
const files = (imageName?: string) =>
  initFiles({ project: guide, stack: 'shop', registry: 'ghcr.io', imageName });
const content = (path: string, imageName?: string) =>
  files(imageName).find((file) => file.path === path)?.content ?? '';

describe('initFiles', () => {
  it('renders the config file, the workflow and the three deployment files', () => {
    expect(files().map((file) => [file.path, file.kind])).toEqual([
      ['swarmlift.config.yaml', 'setup'],
      ['.github/workflows/deploy.yml', 'setup'],
      ['deployment/Dockerfile', 'if-missing'],
      ['deployment/docker-compose.prod.yml', 'if-missing'],
      ['deployment/entrypoint.sh', 'if-missing'],
    ]);
    expect(files().find((file) => file.path.endsWith('entrypoint.sh'))?.mode).toBe(0o755);
  });

  it('the config file is valid for swarmlift, holds the names filled in, and no secret key', () => {
    const text = content('swarmlift.config.yaml', 'acme/shop');
    const parsed = parseConfigText(text, 'swarmlift.config.yaml');
    expect(parsed.issues).toEqual([]);
    expect(parsed.values.get('STACK_NAME')?.value).toBe('shop');
    expect(parsed.values.get('IMAGE_NAME')?.value).toBe('acme/shop');
    expect(parsed.values.get('APP_DIR')?.value).toBe('app');
    for (const secret of ['SSH_PRIVATE_KEY', 'REGISTRY_PASSWORD', 'SECRET_KEY', 'DB_PASSWORD'])
      expect(parsed.values.has(secret as never)).toBe(false);
    // Without an image name, the key is left for the person to fill in.
    expect(parseConfigText(content('swarmlift.config.yaml'), 'x').values.has('IMAGE_NAME')).toBe(
      false,
    );
  });

  it('the workflow deploys the stack on pushes only, one at a time, without pull_request_target', () => {
    const text = content('.github/workflows/deploy.yml');
    expect(text).not.toContain('pull_request_target');
    const workflow = parse(text) as {
      permissions: Record<string, string>;
      jobs: Record<string, Record<string, unknown>>;
    };
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.jobs)).toEqual(['checks', 'deploy']);
    expect(workflow.jobs.deploy?.concurrency).toMatchObject({ group: 'deploy-shop' });
    expect(String(workflow.jobs.deploy?.if)).toContain("github.event_name == 'push'");
    expect(text).toContain('stack-name: shop');
    expect(workflow.jobs.deploy?.needs).toEqual(['checks']);
  });

  it("the Dockerfile copies the project folder and serves the project's WSGI app", () => {
    const text = content('deployment/Dockerfile');
    expect(text).toContain('COPY app/requirements.txt /app/requirements.txt');
    expect(text).toContain('COPY app/ /app/');
    expect(text).toContain('"core.wsgi:application"');
    const root = initFiles({
      project: { appDir: '.', settingsModule: 'mysite.settings', projectPackage: 'mysite' },
      stack: 's',
      registry: 'ghcr.io',
    }).find((file) => file.path === 'deployment/Dockerfile')?.content;
    expect(root).toContain('COPY requirements.txt /app/requirements.txt');
    expect(root).toContain('COPY . /app/');
    expect(root).toContain('"mysite.wsgi:application"');
  });

  it('the compose file loads as swarmlift deploys it: the django service with its image and env file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sltest-init-compose-'));
    try {
      await mkdir(join(dir, 'deployment'));
      const path = join(dir, 'deployment', 'docker-compose.prod.yml');
      await writeFile(path, content('deployment/docker-compose.prod.yml'));
      const stack = await loadStack({
        files: [path],
        stack: 'shop',
        env: { REGISTRY: 'ghcr.io', IMAGE_NAME: 'acme/shop', GITHUB_SHA_SHORT: 'abc1234' },
        envFiles: { [join(dir, 'deployment', '.env')]: { SECRET_KEY: 'x' } },
      });
      const django = stack.services.find((service) => service.name === 'django');
      expect(django?.image).toBe('ghcr.io/acme/shop/django-app:abc1234');
      expect(JSON.stringify(django?.spec)).toContain('core.wsgi:application');
      expect(stack.services.map((service) => service.name).sort()).toEqual(['django', 'redis']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the entrypoint waits for the database with a bound, then runs the command', () => {
    const text = content('deployment/entrypoint.sh');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain('DB_WAIT_SECONDS');
    expect(text.trimEnd().endsWith('exec "$@"')).toBe(true);
  });
});
