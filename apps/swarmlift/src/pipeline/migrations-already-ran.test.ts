import { describe, expect, it } from 'vitest';
import { migrationsAlreadyRan } from './migrations-already-ran.js';

const record = (id: string, version: string, outcome: string, kind = 'deploy') =>
  ({ id, version, outcome, kind }) as Parameters<typeof migrationsAlreadyRan>[0][number];

describe('migrationsAlreadyRan', () => {
  it('finds the newest successful deploy of the version', () => {
    const records = [record('3', 'bbb', 'deployed'), record('2', 'aaa', 'deployed')];
    expect(migrationsAlreadyRan(records, 'aaa')?.id).toBe('2');
  });

  it('runs them again when the newest attempt of the version failed, even after an earlier success', () => {
    const records = [record('3', 'aaa', 'failed'), record('2', 'aaa', 'deployed')];
    expect(migrationsAlreadyRan(records, 'aaa')).toBeUndefined();
  });

  it('does not count a rollback to the version, nor a version never deployed', () => {
    expect(
      migrationsAlreadyRan([record('4', 'aaa', 'deployed', 'rollback')], 'aaa'),
    ).toBeUndefined();
    expect(migrationsAlreadyRan([], 'aaa')).toBeUndefined();
  });
});
