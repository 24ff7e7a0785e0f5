import type { StackLockInfo } from '@swarmlift/remote';
import type { ServiceStatus, StackStatus } from '@swarmlift/stack-waiter';
import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';
import type { StatusInput } from './status-report.js';

// Inputs for the status unit tests: a healthy two-service stack with a live release and two deploys.

export function serviceStatus(overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name: 'shop_django',
    id: 'svc1',
    mode: 'replicated',
    image: '127.0.0.1:5000/acme/shop/django-app:3fa91c2',
    version: '3fa91c2',
    digest: 'sha256:7f6e9d1644b08ec8eb99524da2e016f5295058020ebc40b37b839be323890ef2',
    running: 1,
    desired: 1,
    updateState: 'completed',
    updateMessage: 'update completed',
    lastError: undefined,
    ok: true,
    problem: undefined,
    ...overrides,
  };
}

export function lockInfo(overrides: Partial<StackLockInfo> = {}): StackLockInfo {
  return {
    lock: 'swarmlift-lock.shop.deploy',
    id: 'cfg1',
    version: 3,
    stack: 'shop',
    purpose: 'deploy',
    owner: 'https://github.com/acme/shop/actions/runs/42',
    ttlMs: 900_000,
    renewals: 0,
    token: 'token',
    kind: 'deploy',
    message: '',
    since: '2026-11-28T10:00:00Z',
    renewedAt: '2026-11-28T10:00:00Z',
    expiresAt: '2026-11-28T10:15:00Z',
    engineTime: '2026-11-28T10:01:00Z',
    expired: false,
    ...overrides,
  };
}

export function deployRecord(overrides: Partial<DeployHistoryRecord> = {}): DeployHistoryRecord {
  return {
    id: '20261128T100000000000Z-abc123',
    stack: 'shop',
    kind: 'deploy',
    version: '3fa91c2',
    image: '127.0.0.1:5000/acme/shop/django-app:3fa91c2',
    outcome: 'deployed',
    performer: 'deploy@ci',
    startedAt: '2026-11-28T09:59:00Z',
    finishedAt: '2026-11-28T10:00:00Z',
    durationMs: 60_000,
    services: [],
    removedServices: [],
    migrations: [],
    ...overrides,
  };
}

export function statusInput(overrides: Partial<StatusInput> = {}): StatusInput {
  const stack: StackStatus = {
    stack: 'shop',
    services: [
      serviceStatus(),
      serviceStatus({ name: 'shop_redis', id: 'svc2', version: 'latest' }),
    ],
    ok: true,
  };
  return {
    stack,
    appService: 'django',
    lock: { ok: true, value: undefined },
    static: {
      ok: true,
      value: {
        target: '/srv/shop',
        state: {
          live: '3fa91c2',
          previous: '1a2b3c4',
          releases: ['3fa91c2', '1a2b3c4'],
          staged: [],
          history: ['1a2b3c4', '3fa91c2'],
          layout: 'releases',
        },
      },
    },
    deploys: {
      ok: true,
      value: [deployRecord(), deployRecord({ id: 'older', version: '1a2b3c4' })],
    },
    ...overrides,
  };
}
