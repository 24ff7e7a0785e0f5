// Deploy records for the unit tests of this folder (not part of the CLI's code paths).
import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';

export const APP = 'shop_django';
export const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

let sequence = 0;

/** A record of stack `shop`; `n` gives the version `v<n>` and its digest. Newest last when built in order. */
export function record(
  n: number,
  overrides: Partial<DeployHistoryRecord> = {},
): DeployHistoryRecord {
  sequence += 1;
  const version = `v${n}`;
  return {
    id: `20261128T1${String(sequence).padStart(5, '0')}Z-${version}`,
    stack: 'shop',
    kind: 'deploy',
    version,
    image: `127.0.0.1:5000/acme/shop/django-app:${version}`,
    digest: digest(n),
    outcome: 'deployed',
    performer: 'ci@runner',
    startedAt: `2026-11-28T10:0${n % 10}:00.000Z`,
    finishedAt: `2026-11-28T10:0${n % 10}:30.000Z`,
    durationMs: 30_000,
    services: [
      {
        name: APP,
        id: 'svc-django',
        action: 'update',
        versionAfter: 10 + n,
        image: `127.0.0.1:5000/acme/shop/django-app:${version}`,
        digest: digest(n),
        spec: {
          Name: APP,
          TaskTemplate: {
            ContainerSpec: {
              Image: `127.0.0.1:5000/acme/shop/django-app:${version}@${digest(n)}`,
            },
          },
        },
      },
      {
        name: 'shop_redis',
        id: 'svc-redis',
        action: 'unchanged',
        versionAfter: 3,
        image: 'redis:7',
        spec: { Name: 'shop_redis', TaskTemplate: { ContainerSpec: { Image: 'redis:7' } } },
      },
    ],
    removedServices: [],
    staticRelease: version,
    migrations: [],
    ...overrides,
  };
}
