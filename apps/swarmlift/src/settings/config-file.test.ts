import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText, readConfigFile } from './config-file.js';
import { noHooks } from './hooks-config.js';

describe('parseConfigText', () => {
  it('reads config keys and variable names, lists and maps, with line labels', () => {
    const text = [
      '# swarmlift settings',
      'stack: shop',
      'IMAGE_NAME: acme/shop',
      'sshPort: 2222',
      'composeFile:',
      '  - deployment/a.yml',
      '  - deployment/b.yml',
      'buildArgs:',
      '  BASE_IMAGE: python:3.12',
      '  EMPTY:',
      'migrate: before',
      'waitTimeout:',
    ].join('\n');
    const { values, issues } = parseConfigText(text, 'swarmlift.config.yaml');
    expect(issues).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({
      STACK_NAME: { value: 'shop', label: 'swarmlift.config.yaml:2 stack' },
      IMAGE_NAME: { value: 'acme/shop', label: 'swarmlift.config.yaml:3 IMAGE_NAME' },
      SSH_PORT: { value: '2222', label: 'swarmlift.config.yaml:4 sshPort' },
      COMPOSE_FILE: {
        value: 'deployment/a.yml\ndeployment/b.yml',
        label: 'swarmlift.config.yaml:5 composeFile',
      },
      BUILD_ARGS: {
        value: 'BASE_IMAGE=python:3.12\nEMPTY=',
        label: 'swarmlift.config.yaml:8 buildArgs',
      },
      MIGRATE: { value: 'before', label: 'swarmlift.config.yaml:11 migrate' },
    });
  });

  it('reads JSON with line numbers', () => {
    const text = '{\n  "stack": "shop",\n  "migrate": "off"\n}\n';
    const { values } = parseConfigText(text, 'swarmlift.config.json');
    expect(values.get('MIGRATE')?.label).toBe('swarmlift.config.json:3 migrate');
  });

  it('reports unknown keys, secrets, duplicates and wrong shapes, each with its line, never a value', () => {
    const text = [
      'stak: shop',
      'SECRET_KEY: the-committed-secret-value',
      'stack: a',
      'STACK_NAME: b',
      'migrate: [after]',
      'registry: {host: x}',
      'GITHUB_SHA: abcdef0',
    ].join('\n');
    const { issues } = parseConfigText(text, 'swarmlift.config.yaml');
    expect(issues.map((i) => i.setting)).toEqual([
      'swarmlift.config.yaml:1 stak',
      'swarmlift.config.yaml:2 SECRET_KEY',
      'swarmlift.config.yaml:4 STACK_NAME',
      'swarmlift.config.yaml:5 migrate',
      'swarmlift.config.yaml:6 registry',
      'swarmlift.config.yaml:7 GITHUB_SHA',
    ]);
    expect(issues[0]?.message).toBe('is not a setting (did you mean stack?)');
    expect(issues[1]?.message).toContain('is a secret');
    expect(JSON.stringify(issues)).not.toContain('the-committed-secret-value');
  });

  it('reports a syntax error by line, without quoting the source', () => {
    const { issues } = parseConfigText('stack: shop\nmigrate: "unclosed-secret\n', 'c.yaml');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.setting).toMatch(/^c\.yaml:\d+$/);
    expect(JSON.stringify(issues)).not.toContain('unclosed-secret');
  });

  it('accepts an empty file and refuses a list at the top', () => {
    expect(parseConfigText('', 'c.yaml')).toEqual({
      values: new Map(),
      hooks: noHooks(),
      issues: [],
    });
    expect(parseConfigText('- a\n', 'c.yaml').issues[0]?.message).toContain('must be a map');
  });
});

describe('readConfigFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swarmlift-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds none, one, or complains about two', async () => {
    expect((await readConfigFile({ cwd: dir })).path).toBeUndefined();
    await writeFile(join(dir, 'swarmlift.config.yml'), 'stack: shop\n');
    const one = await readConfigFile({ cwd: dir });
    expect(one.path).toBe(join(dir, 'swarmlift.config.yml'));
    expect(one.values.get('STACK_NAME')?.value).toBe('shop');
    await writeFile(join(dir, 'swarmlift.config.json'), '{}');
    const two = await readConfigFile({ cwd: dir });
    expect(two.issues[0]?.message).toContain('more than one config file');
  });

  it('reads --config relative to cwd, and reports a missing one', async () => {
    await writeFile(join(dir, 'other.yaml'), 'migrate: off\n');
    const read = await readConfigFile({ cwd: dir, configPath: 'other.yaml' });
    expect(read.values.get('MIGRATE')?.label).toBe('other.yaml:1 migrate');
    const missing = await readConfigFile({ cwd: dir, configPath: 'nope.yaml' });
    expect(missing.issues[0]).toMatchObject({ setting: '--config' });
    expect(missing.issues[0]?.message).toContain('does not exist');
  });
});
