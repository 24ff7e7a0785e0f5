import { describe, expect, it } from 'vitest';
import { imagesToCheck } from './images-to-check.js';
import { digest, record } from './record-fixtures.js';

describe('imagesToCheck', () => {
  it('checks the app image and every service image of our registry by digest, once each', () => {
    const v1 = record(1);
    expect(imagesToCheck(v1, '127.0.0.1:5000')).toEqual([
      `127.0.0.1:5000/acme/shop/django-app@${digest(1)}`,
    ]);
  });

  it('leaves images of other registries, and unpinned ones, alone', () => {
    const v1 = record(1, {
      image: 'ghcr.io/acme/shop/django-app:v1',
      services: [
        {
          name: 'shop_worker',
          id: 'w',
          action: 'update',
          versionAfter: 2,
          image: 'ghcr.io/acme/shop/worker:v1',
          spec: {
            Name: 'shop_worker',
            TaskTemplate: { ContainerSpec: { Image: `ghcr.io/acme/shop/worker:v1@${digest(7)}` } },
          },
        },
        {
          name: 'shop_cache',
          id: 'c',
          action: 'unchanged',
          versionAfter: 2,
          image: 'ghcr.io/acme/cache:latest',
          spec: {
            Name: 'shop_cache',
            TaskTemplate: { ContainerSpec: { Image: 'ghcr.io/acme/cache:latest' } },
          },
        },
      ],
    });
    expect(imagesToCheck(v1, 'ghcr.io')).toEqual([
      `ghcr.io/acme/shop/django-app@${digest(1)}`,
      `ghcr.io/acme/shop/worker@${digest(7)}`,
    ]);
    expect(imagesToCheck(v1, '127.0.0.1:5000')).toEqual([]);
  });
});
