import { assertOwnBrands, exitCodeOf, SwarmliftError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { SettingsError } from './settings-error.js';

describe('SettingsError', () => {
  it('lists every issue with its hint and exits 2', () => {
    const error = new SettingsError({
      command: 'deploy',
      issues: [
        {
          setting: 'SECRET_KEY',
          message: 'is not set; swarmlift deploy needs it',
          hint: 'Set it.',
        },
        {
          setting: 'swarmlift.config.yaml:3 migrate',
          message: 'must be one of after, before, off',
        },
      ],
    });
    expect(error.message).toBe(
      [
        '2 settings need fixing for swarmlift deploy:',
        '  - SECRET_KEY: is not set; swarmlift deploy needs it (Set it.)',
        '  - swarmlift.config.yaml:3 migrate: must be one of after, before, off',
      ].join('\n'),
    );
    expect(error.hint).toContain('swarmlift deploy --help');
    expect(error.code).toBe('CLI_SETTINGS_INVALID');
    expect(exitCodeOf(error)).toBe(2);
    expect(SettingsError.isInstance(error)).toBe(true);
    expect(SwarmliftError.isInstance(error)).toBe(true);
    expect(error.issues).toHaveLength(2);
    assertOwnBrands([SettingsError]);
  });
});
