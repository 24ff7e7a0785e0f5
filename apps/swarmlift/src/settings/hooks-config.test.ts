import { describe, expect, it } from 'vitest';
import { parseConfigText } from './config-file.js';
import { DEFAULT_HOOK_TIMEOUT_MS } from './hooks-config.js';

describe('hooks in the config file', () => {
  it('reads a shell string, an argv list, env names and a timeout, with where each is', () => {
    const text = [
      'stack: shop',
      'hooks:',
      '  pre-deploy: ./scripts/check.sh && echo ok',
      '  post-deploy: [node, scripts/notify.mjs, "--status", deployed]',
      '  on-failure:',
      '    - curl',
      '    - -fsS',
      '  env: [SLACK_WEBHOOK, SLACK_WEBHOOK, PAGER_TOKEN]',
      '  timeout: 90s',
    ].join('\n');
    const { hooks, issues, values } = parseConfigText(text, 'swarmlift.config.yaml');
    expect(issues).toEqual([]);
    expect(values.get('STACK_NAME')?.value).toBe('shop');
    expect(hooks).toEqual({
      commands: {
        'pre-deploy': { shell: './scripts/check.sh && echo ok' },
        'post-deploy': { argv: ['node', 'scripts/notify.mjs', '--status', 'deployed'] },
        'on-failure': { argv: ['curl', '-fsS'] },
      },
      env: ['SLACK_WEBHOOK', 'PAGER_TOKEN'],
      timeoutMs: 90_000,
      labels: {
        'pre-deploy': 'swarmlift.config.yaml:3 hooks.pre-deploy',
        'post-deploy': 'swarmlift.config.yaml:4 hooks.post-deploy',
        'on-failure': 'swarmlift.config.yaml:5 hooks.on-failure',
      },
    });
  });

  it('reads the same from JSON; no hooks means none, with the default timeout', () => {
    const json = JSON.stringify({ stack: 'shop', hooks: { 'on-failure': 'exit 0', timeout: 30 } });
    const parsed = parseConfigText(json, 'swarmlift.config.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.hooks.commands).toEqual({ 'on-failure': { shell: 'exit 0' } });
    expect(parsed.hooks.timeoutMs).toBe(30_000);
    const none = parseConfigText('stack: shop', 'swarmlift.config.yaml').hooks;
    expect(none).toEqual({ commands: {}, env: [], timeoutMs: DEFAULT_HOOK_TIMEOUT_MS, labels: {} });
  });

  it('reports every problem with file:line and the key, never a value', () => {
    const text = [
      'hooks:',
      '  pre_deploy: x', // 2: typo
      '  post-deploy: ""', // 3: empty
      '  on-failure: {a: 1}', // 4: a map
      '  env: [SLACK_WEBHOOK=https://hooks.example/s3cr3t]', // 5: a value
      '  timeout: forever', // 6
      'migrate: sideways', // not a hooks problem: values are checked later
    ].join('\n');
    const { issues } = parseConfigText(text, 'swarmlift.config.yaml');
    expect(issues.map((issue) => issue.setting)).toEqual([
      'swarmlift.config.yaml:2 hooks.pre_deploy',
      'swarmlift.config.yaml:3 hooks.post-deploy',
      'swarmlift.config.yaml:4 hooks.on-failure',
      'swarmlift.config.yaml:5 hooks.env',
      'swarmlift.config.yaml:6 hooks.timeout',
    ]);
    expect(issues[0]?.message).toContain('did you mean pre-deploy');
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  it('refuses SWARMLIFT_* in hooks.env, a hooks that is not a map, and hooks twice', () => {
    expect(
      parseConfigText('hooks:\n  env: [SWARMLIFT_STATUS]', 'c.yaml').issues[0]?.message,
    ).toContain('set by swarmlift');
    expect(parseConfigText('hooks: ./x.sh', 'c.yaml').issues[0]).toMatchObject({
      setting: 'c.yaml:1 hooks',
      message: expect.stringContaining('must be a map'),
    });
    expect(
      parseConfigText('hooks:\n  timeout: 1m\nhooks:\n  timeout: 2m', 'c.yaml').issues[0],
    ).toMatchObject({ setting: 'c.yaml:3 hooks' });
  });
});
