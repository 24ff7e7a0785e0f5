import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderWorkflow } from './workflow-template.js';

const EXAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'examples',
  'django-app',
  '.github',
  'workflows',
  'deploy.yml',
);

describe('renderWorkflow', () => {
  it("is exactly the example app's workflow for its names (stack shop, project in app/)", async () => {
    expect(renderWorkflow({ stack: 'shop', appDir: 'app' })).toBe(await readFile(EXAMPLE, 'utf8'));
  });

  it('fills in the stack and the project folder, and nothing else changes', () => {
    const shop = renderWorkflow({ stack: 'shop', appDir: 'app' });
    const other = renderWorkflow({ stack: 'blog', appDir: '.' });
    expect(other).toBe(
      shop
        .replace('working-directory: app', 'working-directory: .')
        .replace('group: deploy-shop', 'group: deploy-blog')
        .replace('stack-name: shop', 'stack-name: blog'),
    );
    const workflow = parse(other) as { jobs: { checks: { defaults: unknown } } };
    expect(workflow.jobs.checks.defaults).toEqual({ run: { 'working-directory': '.' } });
  });
});
