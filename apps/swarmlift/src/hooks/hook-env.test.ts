import { describe, expect, it } from 'vitest';
import { hookEnv } from './hook-env.js';

const runnerEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/ci',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'UTC',
  SSH_PRIVATE_KEY: '-----BEGIN OPENSSH PRIVATE KEY-----',
  REGISTRY_PASSWORD: 'hunter2-registry',
  DB_PASSWORD: 'pg-secret',
  GITHUB_TOKEN: 'ghs_abc',
  SLACK_WEBHOOK: 'https://hooks.slack.com/services/T/B/x',
  RANDOM_SETTING: 'visible?',
  UNSET: undefined,
};
const variables = {
  hook: 'on-failure' as const,
  command: 'deploy',
  version: 'abc1234',
  stack: 'shop',
  status: 'failed' as const,
  performer: 'https://github.com/acme/shop/actions/runs/7',
  errorCode: 'CLI_DEPLOY_NOT_CONVERGED',
};

describe('hookEnv', () => {
  it('passes PATH, HOME, locale and time zone, the SWARMLIFT_* variables and nothing else', () => {
    const { env, missing } = hookEnv({ env: runnerEnv, passThrough: [], variables });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/ci',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      SWARMLIFT_HOOK: 'on-failure',
      SWARMLIFT_COMMAND: 'deploy',
      SWARMLIFT_VERSION: 'abc1234',
      SWARMLIFT_STACK: 'shop',
      SWARMLIFT_STATUS: 'failed',
      SWARMLIFT_PERFORMER: 'https://github.com/acme/shop/actions/runs/7',
      SWARMLIFT_ERROR_CODE: 'CLI_DEPLOY_NOT_CONVERGED',
    });
    expect(missing).toEqual([]);
  });

  it('passes the names hooks.env lists, and says which are not set', () => {
    const { env, missing } = hookEnv({
      env: runnerEnv,
      passThrough: ['SLACK_WEBHOOK', 'UNSET', 'NOT_THERE'],
      variables,
    });
    expect(env.SLACK_WEBHOOK).toBe('https://hooks.slack.com/services/T/B/x');
    expect(env).not.toHaveProperty('UNSET');
    expect(missing).toEqual(['UNSET', 'NOT_THERE']);
    for (const secret of ['SSH_PRIVATE_KEY', 'REGISTRY_PASSWORD', 'DB_PASSWORD', 'GITHUB_TOKEN']) {
      expect(env).not.toHaveProperty(secret);
    }
  });

  it('never lets the runner’s environment override SWARMLIFT_*', () => {
    const { env } = hookEnv({
      env: { ...runnerEnv, SWARMLIFT_STATUS: 'deployed' },
      passThrough: [],
      variables: { ...variables, hook: 'pre-deploy', status: 'pending', errorCode: undefined },
    });
    expect(env.SWARMLIFT_STATUS).toBe('pending');
    expect(env).not.toHaveProperty('SWARMLIFT_ERROR_CODE');
  });
});
