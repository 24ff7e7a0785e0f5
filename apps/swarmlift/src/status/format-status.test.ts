import { describe, expect, it } from 'vitest';
import { ago, formatStatus, inTime, shortDigest, table } from './format-status.js';
import { lockInfo, serviceStatus, statusInput } from './status-fixtures.js';
import { buildStatusReport } from './status-report.js';

const NOW = Date.parse('2026-11-28T10:05:00Z');

describe('formatStatus', () => {
  it('a healthy stack: the aligned table, the free lock, the live release, the last deploy', () => {
    expect(formatStatus(buildStatusReport(statusInput()), NOW)).toEqual([
      'every service runs as desired',
      'SERVICE   VERSION  DIGEST        TASKS  UPDATE',
      'django *  3fa91c2  7f6e9d1644b0  1/1    completed',
      'redis     latest   7f6e9d1644b0  1/1    completed',
      '',
      'lock         free',
      'static       release 3fa91c2 live, previous 1a2b3c4 (2 kept)',
      'last deploy  3fa91c2 deployed 5 min ago by deploy@ci in 1 min 0 s',
    ]);
  });

  it('a failing service says why and shows its last error; the lock and the problems are named', () => {
    const lines = formatStatus(
      buildStatusReport(
        statusInput({
          stack: {
            stack: 'shop',
            ok: false,
            services: [
              serviceStatus({
                ok: false,
                running: 0,
                updateState: 'paused',
                updateMessage: 'update paused due to failure or early termination of task t1',
                problem:
                  'update paused: update paused due to failure or early termination of task t1',
                lastError: {
                  taskId: 't1',
                  slot: 1,
                  node: 'manager-1',
                  state: 'failed',
                  error: 'task: non-zero exit (3)',
                  exitCode: 3,
                  at: '2026-11-28T10:03:00Z',
                },
              }),
            ],
          },
          lock: {
            ok: true,
            value: lockInfo({ kind: 'manual', message: 'db maintenance', expiresAt: 'never' }),
          },
          deploys: { ok: false, code: 'X', message: 'engine timeout' },
        }),
      ),
      NOW,
    );
    expect(lines[0]).toBe('1 of 1 service not as desired');
    expect(lines[2]).toBe(
      'django *  3fa91c2  7f6e9d1644b0  0/1 ✗  paused: update paused due to failure or early termination of task t1',
    );
    expect(lines[3]).toBe(
      '    ✗ update paused: update paused due to failure or early termination of task t1',
    );
    expect(lines[4]).toBe(
      '    last error: task: non-zero exit (3) (slot 1, on manager-1, 2 min ago)',
    );
    expect(lines).toContain(
      'lock         manual lock held by https://github.com/acme/shop/actions/runs/42 since 5 min ago, until released (swarmlift lock release) — "db maintenance"',
    );
    expect(lines).toContain('last deploy  ?');
    expect(lines.at(-1)).toBe('! could not read the deploy records: engine timeout');
  });

  it('several static hosts: one line when they agree, each host and the problem when they differ', () => {
    const state = (live: string) => ({
      live,
      previous: undefined,
      releases: [live],
      staged: [],
      history: [],
      layout: 'releases' as const,
    });
    const host = (name: string, live: string) => ({
      host: name,
      target: '/srv/shop',
      result: { ok: true as const, value: state(live) },
    });
    const agree = formatStatus(
      buildStatusReport(statusInput({ staticHosts: [host('w1', 'a1'), host('w2', 'a1')] })),
      NOW,
    );
    expect(agree).toContain('static       release a1 live on 2 hosts');
    const differ = formatStatus(
      buildStatusReport(statusInput({ staticHosts: [host('w1', 'a1'), host('w2', 'b2')] })),
      NOW,
    );
    expect(differ).toContain('static       w1 a1, w2 b2');
    expect(differ).toContain('! the static hosts serve different releases: w1 a1, w2 b2');
  });

  it("a deploy's lock says when it expires, or that it has and will be taken over", () => {
    const held = formatStatus(
      buildStatusReport(statusInput({ lock: { ok: true, value: lockInfo() } })),
      NOW,
    );
    expect(held).toContain(
      'lock         deploy lock held by https://github.com/acme/shop/actions/runs/42 since 5 min ago, expires in 10 min',
    );
    const expired = formatStatus(
      buildStatusReport(
        statusInput({
          lock: { ok: true, value: lockInfo({ expired: true, expiresAt: '2026-11-28T10:01:00Z' }) },
        }),
      ),
      NOW,
    );
    expect(expired.find((l) => l.startsWith('lock'))).toContain(
      'expired 4 min ago (the next deploy takes it over)',
    );
  });
});

describe('helpers', () => {
  it('ages and times to come', () => {
    expect(ago('2026-11-28T10:04:58Z', NOW)).toBe('just now');
    expect(ago('2026-11-28T10:04:30Z', NOW)).toBe('30 s ago');
    expect(ago('2026-11-28T07:05:00Z', NOW)).toBe('3 h ago');
    expect(ago('2026-11-25T10:05:00Z', NOW)).toBe('3 d ago');
    expect(ago('garbage', NOW)).toBe('garbage');
    expect(inTime('2026-11-28T10:35:00Z', NOW)).toBe('in 30 min');
    expect(inTime('2026-11-28T10:00:00Z', NOW)).toBe('now');
  });

  it('short digests and aligned tables', () => {
    expect(shortDigest('sha256:0123456789abcdef')).toBe('0123456789ab');
    expect(shortDigest(null)).toBe('-');
    expect(
      table([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'e'],
      ]),
    ).toEqual(['a    bb  c', 'ccc  d   e']);
  });
});
