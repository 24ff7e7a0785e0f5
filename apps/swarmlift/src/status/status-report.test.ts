import { describe, expect, it } from 'vitest';
import { deployRecord, lockInfo, serviceStatus, statusInput } from './status-fixtures.js';
import { buildStatusReport } from './status-report.js';

/**
 * The `status --json` document's shape, pinned: every key of every object,
 * in order. A change here is a change of the documented format (README
 * "status --json"): raise STATUS_REPORT_FORMAT when a key changes meaning or goes.
 */
const SHAPE = {
  report: [
    'format',
    'stack',
    'healthy',
    'services',
    'lock',
    'static',
    'staticHosts',
    'lastDeploy',
    'problems',
  ],
  service: [
    'name',
    'fullName',
    'app',
    'mode',
    'image',
    'version',
    'digest',
    'running',
    'desired',
    'updateState',
    'updateMessage',
    'lastError',
    'ok',
    'problem',
  ],
  lastError: ['taskId', 'slot', 'node', 'state', 'error', 'exitCode', 'at'],
  lock: ['holder', 'purpose', 'since', 'expiresAt', 'expired', 'manual', 'message'],
  static: ['target', 'live', 'previous', 'releases', 'layout'],
  lastDeploy: [
    'id',
    'kind',
    'version',
    'outcome',
    'performer',
    'startedAt',
    'finishedAt',
    'durationMs',
    'error',
  ],
  problem: ['part', 'code', 'message'],
};

describe('buildStatusReport', () => {
  it('has the documented shape, every key present (null when empty), and survives JSON', () => {
    const report = buildStatusReport(
      statusInput({
        stack: {
          stack: 'shop',
          ok: false,
          services: [
            serviceStatus({
              ok: false,
              running: 0,
              problem: '0/1 running',
              lastError: {
                taskId: 't1',
                slot: 1,
                node: 'manager-1',
                state: 'failed',
                error: 'task: non-zero exit (3)',
                exitCode: 3,
                at: '2026-11-28T10:00:00Z',
              },
            }),
          ],
        },
        lock: { ok: true, value: lockInfo() },
        deploys: { ok: false, code: 'DEPLOY_HISTORY_FAILED', message: 'could not list' },
      }),
    );
    const parsed = JSON.parse(JSON.stringify(report));
    expect(Object.keys(parsed)).toEqual(SHAPE.report);
    expect(Object.keys(parsed.services[0])).toEqual(SHAPE.service);
    expect(Object.keys(parsed.services[0].lastError)).toEqual(SHAPE.lastError);
    expect(Object.keys(parsed.lock)).toEqual(SHAPE.lock);
    expect(Object.keys(parsed.static)).toEqual(SHAPE.static);
    expect(parsed.lastDeploy).toBeNull();
    expect(Object.keys(parsed.problems[0])).toEqual(SHAPE.problem);
    expect(parsed.format).toBe(1);

    const clean = JSON.parse(JSON.stringify(buildStatusReport(statusInput())));
    expect(Object.keys(clean.lastDeploy)).toEqual(SHAPE.lastDeploy);
    expect(Object.keys(clean.services[1])).toEqual(SHAPE.service);
    expect(clean.services[1].lastError).toBeNull();
    expect(clean.services[1].problem).toBeNull();
  });

  it('names services as the compose file does, marks APP_SERVICE, keeps the full name', () => {
    const report = buildStatusReport(statusInput());
    expect(report.services.map((s) => [s.name, s.fullName, s.app])).toEqual([
      ['django', 'shop_django', true],
      ['redis', 'shop_redis', false],
    ]);
    expect(report.healthy).toBe(true);
  });

  it('the last deploy is the newest record; its error is kept', () => {
    const report = buildStatusReport(
      statusInput({
        deploys: {
          ok: true,
          value: [
            deployRecord({
              outcome: 'rolled_back',
              error: { code: 'CLI_DEPLOY_NOT_CONVERGED', message: 'django rolled back' },
            }),
          ],
        },
      }),
    );
    expect(report.lastDeploy).toMatchObject({
      outcome: 'rolled_back',
      error: { code: 'CLI_DEPLOY_NOT_CONVERGED', message: 'django rolled back' },
    });
    expect(
      buildStatusReport(statusInput({ deploys: { ok: true, value: [] } })).lastDeploy,
    ).toBeNull();
  });

  it("a manual lock has its message and no expiry; a deploy's lock its expiry", () => {
    const manual = buildStatusReport(
      statusInput({
        lock: {
          ok: true,
          value: lockInfo({
            kind: 'manual',
            message: 'db maintenance until 14:00',
            expiresAt: 'never',
          }),
        },
      }),
    );
    expect(manual.lock).toEqual({
      holder: 'https://github.com/acme/shop/actions/runs/42',
      purpose: 'deploy',
      since: '2026-11-28T10:00:00Z',
      expiresAt: null,
      expired: false,
      manual: true,
      message: 'db maintenance until 14:00',
    });
    const deploy = buildStatusReport(statusInput({ lock: { ok: true, value: lockInfo() } }));
    expect(deploy.lock).toMatchObject({
      manual: false,
      message: null,
      expiresAt: '2026-11-28T10:15:00Z',
    });
  });

  it('a part that could not be read is a problem, not a failure; static not configured is null without one', () => {
    const report = buildStatusReport(
      statusInput({
        lock: { ok: false, code: 'LOCK_FAILED', message: 'engine said no' },
        static: undefined,
      }),
    );
    expect(report.lock).toBeNull();
    expect(report.static).toBeNull();
    expect(report.problems).toEqual([
      { part: 'lock', code: 'LOCK_FAILED', message: 'engine said no' },
    ]);
    expect(report.healthy).toBe(true);
  });

  it('with several static hosts: each host’s state, an unreadable host and hosts that differ are problems', () => {
    const state = (live: string | undefined) => ({
      live,
      previous: undefined,
      releases: live ? [live] : [],
      staged: [],
      history: [],
      layout: live ? ('releases' as const) : ('none' as const),
    });
    const report = buildStatusReport(
      statusInput({
        staticHosts: [
          { host: 'deploy@w1:22', target: '/srv/shop', result: { ok: true, value: state('a1') } },
          { host: 'deploy@w2:22', target: '/srv/shop', result: { ok: true, value: state('b2') } },
          {
            host: 'deploy@w3:22',
            target: '/srv/shop',
            result: { ok: false, code: 'SSH_CONNECT_FAILED', message: 'connection refused' },
          },
        ],
      }),
    );
    expect(report.staticHosts.map((h) => [h.host, h.live])).toEqual([
      ['deploy@w1:22', 'a1'],
      ['deploy@w2:22', 'b2'],
    ]);
    expect(report.static?.live).toBe('a1');
    expect(report.static).not.toHaveProperty('host');
    expect(report.problems).toEqual([
      {
        part: 'static',
        code: 'SSH_CONNECT_FAILED',
        message: 'on deploy@w3:22: connection refused',
      },
      {
        part: 'static',
        code: 'STATIC_HOSTS_DIFFER',
        message: 'the static hosts serve different releases: deploy@w1:22 a1, deploy@w2:22 b2',
      },
    ]);
    expect(report.healthy).toBe(true);
  });
});
