import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { chooseRollbackTarget } from './choose-rollback-target.js';
import { APP, digest, record } from './record-fixtures.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (CliError.isInstance(error)) return error.code;
    throw error;
  }
  return 'no error';
};

describe('chooseRollbackTarget', () => {
  const v1 = record(1);
  const v2 = record(2);
  const v3 = record(3, { outcome: 'rolled_back' });
  const newestFirst = [v3, v2, v1];

  it('takes the last successful deploy before the one serving now (by digest, not the failed v3)', () => {
    const choice = chooseRollbackTarget({
      records: newestFirst,
      servingDigest: digest(2),
      appService: APP,
    });
    expect(choice.target.version).toBe('v1');
    expect(choice.serving?.version).toBe('v2');
    expect(choice.notes).toEqual([]);
  });

  it('after a rollback to v1, goes further back instead of forward to v2', () => {
    const v0 = record(0);
    const back = record(1, {
      kind: 'rollback',
      rolledBackTo: { id: v1.id, version: 'v1' },
      id: '20261128T199999Z-back',
    });
    const records = [back, v3, v2, v1, v0];
    expect(
      chooseRollbackTarget({ records, servingDigest: digest(1), appService: APP }).target.version,
    ).toBe('v0');
    expect(
      codeOf(() =>
        chooseRollbackTarget({
          records: [back, v3, v2, v1],
          servingDigest: digest(1),
          appService: APP,
        }),
      ),
    ).toBe('CLI_ROLLBACK_NO_TARGET');
  });

  it('never picks a record whose image already serves, even an older one of the same digest', () => {
    const again = record(2, { id: '20261128T150000Z-again' });
    const choice = chooseRollbackTarget({
      records: [again, v1, record(2, { id: '20261128T100000Z-old' })],
      servingDigest: digest(2),
      appService: APP,
    });
    expect(choice.target.version).toBe('v1');
  });

  it('with an unknown serving image: the newest successful record, with a note', () => {
    const choice = chooseRollbackTarget({
      records: newestFirst,
      servingDigest: digest(9),
      appService: APP,
    });
    expect(choice.target.version).toBe('v2');
    expect(choice.notes[0]).toContain(digest(9));
  });

  it('takes VERSION when given; refuses one already serving, unknown or never successful', () => {
    const input = { records: newestFirst, servingDigest: digest(2), appService: APP };
    expect(chooseRollbackTarget({ ...input, version: 'v1' }).target.id).toBe(v1.id);
    expect(codeOf(() => chooseRollbackTarget({ ...input, version: 'v2' }))).toBe(
      'CLI_ROLLBACK_ALREADY_SERVING',
    );
    expect(codeOf(() => chooseRollbackTarget({ ...input, version: 'v3' }))).toBe(
      'CLI_ROLLBACK_VERSION_NOT_FOUND',
    );
    try {
      chooseRollbackTarget({ ...input, version: 'nope' });
    } catch (error) {
      expect(CliError.hasCode(error, 'CLI_ROLLBACK_VERSION_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toContain('v1 (deployed)');
      expect((error as Error).message).toContain('v3 (rolled back)');
      expect((error as CliError).category).toBe('invalid');
    }
  });

  it('refuses a target whose specs were dropped, and an empty history', () => {
    const dropped = record(1, { specsDropped: true });
    expect(
      codeOf(() =>
        chooseRollbackTarget({ records: [v2, dropped], servingDigest: digest(2), appService: APP }),
      ),
    ).toBe('CLI_ROLLBACK_SPECS_DROPPED');
    expect(
      codeOf(() =>
        chooseRollbackTarget({
          records: [v2, dropped],
          servingDigest: digest(2),
          appService: APP,
          version: 'v1',
        }),
      ),
    ).toBe('CLI_ROLLBACK_SPECS_DROPPED');
    expect(
      codeOf(() =>
        chooseRollbackTarget({ records: [], servingDigest: undefined, appService: APP }),
      ),
    ).toBe('CLI_ROLLBACK_NO_RECORDS');
  });

  it('uses the app service digest when the record has none of its own', () => {
    const { digest: _own, ...noDigest } = record(4);
    const choice = chooseRollbackTarget({
      records: [v2, noDigest],
      servingDigest: digest(2),
      appService: APP,
    });
    expect(choice.target.version).toBe('v4');
    expect(
      codeOf(() =>
        chooseRollbackTarget({ records: [noDigest], servingDigest: digest(4), appService: APP }),
      ),
    ).toBe('CLI_ROLLBACK_NO_TARGET');
  });
});
