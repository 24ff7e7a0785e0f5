import { describe, expect, it } from 'vitest';
import { fail, pass } from './check-result.js';
import { type CheckDefinition, runChecks } from './run-checks.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runChecks', () => {
  it('runs independent checks in parallel but reports them in the given order', async () => {
    const started: string[] = [];
    const definitions: CheckDefinition[] = [
      { id: 'settings', needs: [], run: async () => pass('set') },
      {
        id: 'ssh',
        needs: ['settings'],
        run: async () => {
          started.push('ssh');
          await delay(60);
          return pass('slow');
        },
      },
      {
        id: 'registry',
        needs: ['settings'],
        run: async () => {
          started.push('registry');
          return pass('fast');
        },
      },
    ];
    const reported: string[] = [];
    const t0 = Date.now();
    const results = await runChecks(definitions, (result) => reported.push(result.id));
    expect(reported).toEqual(['settings', 'ssh', 'registry']);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    // registry started while ssh still ran.
    expect(started).toEqual(['ssh', 'registry']);
    expect(Date.now() - t0).toBeLessThan(200);
  });

  it('skips a check whose dependency did not pass, naming it, and still runs the others', async () => {
    let engineRan = false;
    const results = await runChecks([
      { id: 'settings', needs: [], run: async () => pass('set') },
      { id: 'ssh', needs: ['settings'], run: async () => fail('wrong pin', 'pin it') },
      {
        id: 'engine',
        needs: ['ssh'],
        run: async () => {
          engineRan = true;
          return pass('manager');
        },
      },
      { id: 'database', needs: ['engine'], run: async () => pass('db') },
      { id: 'compose', needs: ['settings'], run: async () => pass('loads') },
    ]);
    expect(engineRan).toBe(false);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['settings', 'ok'],
      ['ssh', 'failed'],
      ['engine', 'skipped'],
      ['database', 'skipped'],
      ['compose', 'ok'],
    ]);
    expect(results[2]?.message).toContain('SSH reachable');
  });

  it('turns a check that throws into a failure with the error’s message', async () => {
    const results = await runChecks([
      {
        id: 'settings',
        needs: [],
        run: async () => {
          throw new Error('boom');
        },
      },
    ]);
    expect(results[0]).toMatchObject({ id: 'settings', status: 'failed', message: 'boom' });
    expect(results[0]?.hint).toBeTruthy();
  });
});
