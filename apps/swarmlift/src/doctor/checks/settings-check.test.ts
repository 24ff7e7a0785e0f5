import { describe, expect, it } from 'vitest';
import { settingsVerdict } from './settings-check.js';

describe('settingsVerdict', () => {
  it('passes with no issues', () => {
    expect(settingsVerdict([]).status).toBe('ok');
  });
  it('names the missing settings first, then the others with what is wrong', () => {
    const verdict = settingsVerdict([
      { setting: 'SECRET_KEY', message: 'is not set; swarmlift deploy needs it' },
      { setting: 'DB_PASSWORD', message: 'is not set; swarmlift deploy needs it' },
      { setting: 'SSH_PORT', message: 'is not a port number (1 to 65535)' },
    ]);
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toBe(
      'not set: SECRET_KEY, DB_PASSWORD; SSH_PORT is not a port number (1 to 65535)',
    );
    expect(verdict.hint).toContain('GitHub secrets');
  });
});
