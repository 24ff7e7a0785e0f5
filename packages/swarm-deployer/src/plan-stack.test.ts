// planStack's option checks: refused before anything is read from the engine.
import { OptionsError } from '@swarmlift/core';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { planStack } from './plan-stack.js';
import type { LoadedStack } from './stack.js';

const stack: LoadedStack = {
  name: 'shop',
  files: [],
  services: [],
  networks: [],
  volumes: [],
  secrets: [],
  configs: [],
  warnings: [],
};

describe('planStack options', () => {
  const touched: string[] = [];
  const remote = {
    docker: new Proxy({} as Docker, {
      get: (_target, key) =>
        key === 'modem'
          ? {}
          : () => {
              touched.push(String(key));
              return Promise.resolve([]);
            },
    }),
  };
  it.each([
    ['stack', { stack: { name: 'shop' } }],
    ['resolveImage', { resolveImage: 'sometimes' }],
    ['concurrency', { concurrency: 1.5 }],
    ['timeoutMs', { timeoutMs: -1 }],
    ['signal', { signal: 'stop' }],
    ['credentials', { credentials: { 'ghcr.io': { username: 'u', password: 'p' } } }],
  ])('refuses a bad %s with an OptionsError, reading nothing', async (field, bad) => {
    const error = await planStack({ remote, stack, ...(bad as object) }).catch((e: unknown) => e);
    expect(OptionsError.isInstance(error) && error.field).toBe(field);
    expect(touched).toEqual([]);
  });
});
