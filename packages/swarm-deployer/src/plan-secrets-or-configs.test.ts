import { describe, expect, it } from 'vitest';
import type { SwarmObject } from './engine-types.js';
import type { PlanProblem } from './errors.js';
import { planSecretsOrConfigs } from './plan-secrets-or-configs.js';
import type { LoadedStack, StackSecretOrConfig } from './stack.js';

const stack = { name: 'shop' } as LoadedStack;
const secret = (name: string, fullName: string, external = false): StackSecretOrConfig => ({
  kind: 'secret',
  name,
  fullName,
  external,
  labels: {},
  ...(external ? {} : { data: Buffer.from('s3cret-content') }),
});
const stored = (ID: string, Name: string, stackName = 'shop'): SwarmObject => ({
  ID,
  Spec: { Name, Labels: { 'com.docker.stack.namespace': stackName } },
});

describe('planSecretsOrConfigs', () => {
  it('creates a new content version, keeps the current one, and removes the old version after the deploy', () => {
    const problems: PlanProblem[] = [];
    const plans = planSecretsOrConfigs({
      kind: 'secret',
      stack,
      wanted: [secret('pw', 'shop_pw_bbbbbbbbbbbb'), secret('key', 'shop_key_cccccccccccc')],
      existing: [
        stored('s1', 'shop_pw_aaaaaaaaaaaa'),
        stored('s2', 'shop_key_cccccccccccc'),
        stored('s3', 'shop_dropped_dddddddddddd'),
        stored('s4', 'other_pw_aaaaaaaaaaaa', 'other'),
      ],
      prune: false,
      problems,
    });
    expect(plans.map((p) => [p.name, p.action])).toEqual([
      ['shop_pw_bbbbbbbbbbbb', 'create'],
      ['shop_key_cccccccccccc', 'unchanged'],
      ['shop_pw_aaaaaaaaaaaa', 'remove'],
    ]);
    // The content rides along, but never in JSON.
    const created = plans[0];
    expect(created?.action === 'create' && created.data.toString()).toBe('s3cret-content');
    expect(JSON.stringify(plans)).not.toContain('s3cret-content');
    expect(created).toMatchObject({ labels: { 'com.docker.stack.namespace': 'shop' } });
  });

  it('removes a secret the file dropped only with prune, and needs external ones to exist', () => {
    const problems: PlanProblem[] = [];
    const plans = planSecretsOrConfigs({
      kind: 'secret',
      stack,
      wanted: [secret('ext', 'ext_secret', true)],
      existing: [stored('s3', 'shop_dropped_dddddddddddd')],
      prune: true,
      problems,
    });
    expect(plans.map((p) => [p.name, p.action])).toEqual([['shop_dropped_dddddddddddd', 'remove']]);
    expect(problems.map((p) => p.code)).toEqual(['DEPLOY_SECRET_NOT_FOUND']);
  });
});
