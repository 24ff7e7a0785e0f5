import { describe, expect, it } from 'vitest';
import { mergeSources } from './merge-sources.js';

describe('mergeSources', () => {
  const config = new Map([
    ['STACK_NAME', { value: 'from-config', label: 'c.yaml:1 stack' }],
    ['MIGRATE', { value: 'off', label: 'c.yaml:2 migrate' }],
    ['APP_SERVICE', { value: 'web', label: 'c.yaml:3 appService' }],
  ] as const);

  it('takes a flag over the environment over the config file', () => {
    const { raw, issues } = mergeSources({
      flags: { STACK_NAME: 'from-flag' },
      env: { STACK_NAME: 'from-env', MIGRATE: 'before', APP_SERVICE: '' },
      config: new Map(config),
    });
    expect(issues).toEqual([]);
    expect(raw.get('STACK_NAME')).toEqual({ value: 'from-flag', source: 'flag', label: '--stack' });
    expect(raw.get('MIGRATE')).toEqual({ value: 'before', source: 'env', label: 'MIGRATE' });
    // an empty variable is unset (CI sets a missing secret to "")
    expect(raw.get('APP_SERVICE')).toEqual({
      value: 'web',
      source: 'config',
      label: 'c.yaml:3 appService',
    });
    expect(raw.has('REGISTRY')).toBe(false);
  });

  it('refuses an empty flag and a secret given as a flag', () => {
    const { raw, issues } = mergeSources({
      flags: { STACK_NAME: ' ', SECRET_KEY: 'flag-secret-value' },
      env: {},
      config: new Map(),
    });
    expect(raw.size).toBe(0);
    expect(issues.map((i) => i.setting)).toEqual(['--stack', '--secret-key']);
    expect(JSON.stringify(issues)).not.toContain('flag-secret-value');
  });
});
