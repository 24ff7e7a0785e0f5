import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCK_TTL_MS,
  isLockPurpose,
  judgeStackLock,
  LOCK_LABEL,
  LOCK_NEVER_EXPIRES,
  lockConfigName,
  lockLabels,
  parseEngineTime,
} from './stack-lock-state.js';

const labels = lockLabels({
  stack: 'app',
  purpose: 'deploy',
  owner: 'ci-1',
  ttlMs: 60_000,
  renewals: 2,
  token: 't0k',
});
const config = (overrides: Record<string, unknown> = {}) => ({
  ID: 'cfg1',
  Version: { Index: 42 },
  CreatedAt: '2026-11-28T13:00:00.123456789Z',
  UpdatedAt: '2026-11-28T13:05:00.5Z',
  Spec: { Name: 'swarmlift-lock.app.deploy', Labels: labels },
  ...overrides,
});

describe('lockConfigName', () => {
  it('names the config after stack and purpose, within Swarm’s 64 characters', () => {
    expect(lockConfigName('app', 'deploy')).toBe('swarmlift-lock.app.deploy');
    const long = lockConfigName('a'.repeat(63), 'migrate');
    expect(long.length).toBe(64);
    expect(long).not.toBe(lockConfigName(`${'a'.repeat(62)}b`, 'migrate'));
    expect(lockConfigName('a'.repeat(63), 'migrate')).toBe(long);
  });
  it('accepts purposes of letters, digits, _ . -', () => {
    expect(isLockPurpose('migrate')).toBe(true);
    expect(isLockPurpose('static.sync-1')).toBe(true);
    expect(isLockPurpose('')).toBe(false);
    expect(isLockPurpose('a/b')).toBe(false);
    expect(isLockPurpose('x'.repeat(33))).toBe(false);
  });
});

describe('lockLabels', () => {
  it('carries io.swarmlift.lock* labels only, never the stack namespace', () => {
    expect(Object.keys(labels).every((key) => key.startsWith(LOCK_LABEL))).toBe(true);
    expect(labels[LOCK_LABEL]).toBe('app/deploy');
    expect(Object.keys(labels)).not.toContain('com.docker.stack.namespace');
  });
});

describe('parseEngineTime', () => {
  it('reads RFC 3339 with nanoseconds and offsets', () => {
    expect(parseEngineTime('2026-11-28T13:00:00.123456789Z')).toBe(
      Date.parse('2026-11-28T13:00:00.123Z'),
    );
    expect(parseEngineTime('2026-11-28T14:00:00.5+01:00')).toBe(
      Date.parse('2026-11-28T13:00:00.500Z'),
    );
    expect(parseEngineTime('2026-11-28T13:00:00Z')).toBe(Date.parse('2026-11-28T13:00:00Z'));
  });
  it('treats Go’s zero time and garbage as unknown', () => {
    expect(parseEngineTime('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(parseEngineTime('yesterday')).toBeUndefined();
    expect(parseEngineTime(undefined)).toBeUndefined();
  });
});

describe('judgeStackLock', () => {
  it('expires ttl after the last renewal, by the engine’s time', () => {
    const live = judgeStackLock(config(), '2026-11-28T13:05:59.999Z');
    expect(live).toMatchObject({
      lock: 'swarmlift-lock.app.deploy',
      id: 'cfg1',
      version: 42,
      stack: 'app',
      purpose: 'deploy',
      owner: 'ci-1',
      ttlMs: 60_000,
      renewals: 2,
      token: 't0k',
      since: '2026-11-28T13:00:00.123Z',
      renewedAt: '2026-11-28T13:05:00.500Z',
      expiresAt: '2026-11-28T13:06:00.500Z',
      engineTime: '2026-11-28T13:05:59.999Z',
      expired: false,
    });
    expect(judgeStackLock(config(), '2026-11-28T13:06:00.500000001Z').expired).toBe(true);
  });
  it('uses CreatedAt for a lock never updated, and the default ttl without a label', () => {
    const never = judgeStackLock(
      config({ UpdatedAt: undefined, Spec: { Name: 'n', Labels: { [LOCK_LABEL]: 'app/deploy' } } }),
      '2026-11-28T13:00:01Z',
    );
    expect(never).toMatchObject({
      stack: 'app',
      purpose: 'deploy',
      owner: 'unknown',
      ttlMs: DEFAULT_LOCK_TTL_MS,
      renewedAt: '2026-11-28T13:00:00.123Z',
      expired: false,
    });
  });
  it('reads an older lock’s expires-at label, and counts a lock without timestamps as expired', () => {
    const legacy = judgeStackLock(
      config({
        Spec: {
          Name: 'n',
          Labels: {
            [LOCK_LABEL]: 'app/migrate',
            [`${LOCK_LABEL}.expires-at`]: '2026-11-28T13:10:00.000Z',
          },
        },
      }),
      '2026-11-28T13:09:00Z',
    );
    expect(legacy).toMatchObject({ expiresAt: '2026-11-28T13:10:00.000Z', expired: false });
    const bare = judgeStackLock({ Spec: { Name: 'n', Labels: labels } }, '2026-11-28T13:09:00Z');
    expect(bare).toMatchObject({ since: 'unknown', expiresAt: 'unknown', expired: true });
    expect(judgeStackLock(config(), '').expired).toBe(true);
  });
  it('reads a deploy lock as kind deploy with no message', () => {
    expect(judgeStackLock(config(), '2026-11-28T13:05:00Z')).toMatchObject({
      kind: 'deploy',
      message: '',
    });
  });
  it('never expires a manual lock, however old, and keeps its message', () => {
    const manual = judgeStackLock(
      config({
        Spec: {
          Name: 'swarmlift-lock.app.deploy',
          Labels: lockLabels({
            stack: 'app',
            purpose: 'deploy',
            owner: 'ana@laptop',
            ttlMs: 1,
            renewals: 0,
            token: 't',
            kind: 'manual',
            message: 'db maintenance until 14:00',
          }),
        },
      }),
      '2030-01-01T00:00:00Z',
    );
    expect(manual).toMatchObject({
      kind: 'manual',
      message: 'db maintenance until 14:00',
      owner: 'ana@laptop',
      expiresAt: LOCK_NEVER_EXPIRES,
      expired: false,
    });
  });
});
