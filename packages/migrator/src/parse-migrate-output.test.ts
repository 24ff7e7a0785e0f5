import { describe, expect, it } from 'vitest';
import { parseMigrateOutput } from './parse-migrate-output.js';

describe('parseMigrateOutput', () => {
  it('lists applied and faked migrations in order', () => {
    const stdout = [
      'Operations to perform:',
      '  Apply all migrations: auth, contenttypes, notes, shop',
      'Running migrations:',
      '  Applying contenttypes.0001_initial... OK',
      '  Applying auth.0012_alter_user_first_name_max_length... OK',
      '  Applying shop.0001_initial... FAKED',
      '  Applying notes.0002_seed... OK (0.012s)',
    ].join('\n');
    expect(parseMigrateOutput(stdout)).toEqual({
      applied: [
        'contenttypes.0001_initial',
        'auth.0012_alter_user_first_name_max_length',
        'notes.0002_seed',
      ],
      faked: ['shop.0001_initial'],
      planned: [],
      hasPlan: false,
    });
  });

  it('reads the migrations of a --plan, not their operations', () => {
    const stdout = [
      'Planned operations:',
      'shop.0001_initial',
      '    Create model Product',
      'notes.0002_seed',
      '    Raw Python operation',
    ].join('\n');
    expect(parseMigrateOutput(stdout)).toMatchObject({
      planned: ['shop.0001_initial', 'notes.0002_seed'],
      hasPlan: true,
    });
  });

  it('an empty plan and an up-to-date run apply nothing', () => {
    expect(
      parseMigrateOutput('Planned operations:\n  No planned migration operations.\n'),
    ).toMatchObject({
      planned: [],
      hasPlan: true,
    });
    expect(
      parseMigrateOutput(
        'Operations to perform:\n  Apply all migrations: shop\nRunning migrations:\n  No migrations to apply.\n',
      ),
    ).toMatchObject({ applied: [], hasPlan: false });
  });

  it('does not count a migration whose apply line never got its OK', () => {
    expect(
      parseMigrateOutput('  Applying shop.0001_initial... OK\n  Applying notes.0002_seed...')
        .applied,
    ).toEqual(['shop.0001_initial']);
  });
});
