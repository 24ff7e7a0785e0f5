import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registryCredentials } from '@swarmlift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageExists } from './image-exists.js';

/**
 * Token auth (the ghcr.io / Docker Hub flow) cannot be produced by the local
 * htpasswd registry, so this is a small registry + token service on
 * 127.0.0.1. The Basic flow is tested against the real registry in
 * test/image-builder.integration.test.ts.
 */
let server: ReturnType<typeof createServer>;
let host: string;
const seen: string[] = [];

function handler(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', `http://${host}`);
  seen.push(`${req.method} ${url.pathname}${url.search}`);
  if (url.pathname.startsWith('/v2/slow/')) return; // never answers
  if (url.pathname === '/token') {
    const ok = req.headers.authorization === `Basic ${Buffer.from('bot:right').toString('base64')}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? JSON.stringify({ token: 'T0K3N' }) : '{}');
    return;
  }
  if (req.headers.authorization !== 'Bearer T0K3N') {
    res.writeHead(401, {
      'www-authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:o/app:pull"`,
    });
    res.end();
    return;
  }
  if (url.pathname === '/v2/o/app/manifests/abc1234') {
    res.writeHead(200, { 'docker-content-digest': 'sha256:beef' });
  } else res.writeHead(404);
  res.end();
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('imageExists with a bearer-token registry', () => {
  it('answers the challenge with the scope and finds the tag', async () => {
    const credentials = registryCredentials({ registry: host, username: 'bot', password: 'right' });
    expect(await imageExists({ image: `${host}/o/app:abc1234`, credentials })).toEqual({
      exists: true,
      digest: 'sha256:beef',
    });
    expect(seen).toContain('GET /token?service=fake&scope=repository%3Ao%2Fapp%3Apull');
    expect(await imageExists({ image: `${host}/o/app:other`, credentials })).toEqual({
      exists: false,
    });
  });

  it('fails with REGISTRY_AUTH_FAILED for a refused token request', async () => {
    const credentials = registryCredentials({ registry: host, username: 'bot', password: 'wrong' });
    const error = await imageExists({ image: `${host}/o/app:abc1234`, credentials }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'REGISTRY_AUTH_FAILED', registry: host });
    expect(String((error as Error).message)).not.toContain('wrong');
    expect((error as { hint: string }).hint).toMatch(/packages: write/);
  });
});

describe('imageExists with an unreachable registry', () => {
  it('fails fast for a host that does not resolve', async () => {
    const started = Date.now();
    await expect(imageExists({ image: 'registry.invalid/o/app:abc1234' })).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: expect.stringMatching(/registry\.invalid .*does not resolve/),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails fast for a closed port on 127.0.0.1', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(imageExists({ image: `127.0.0.1:${port}/o/app:x` })).rejects.toThrow(
      /connection refused/,
    );
  });
});

describe('imageExists: time and cancellation', () => {
  it('rejects with TimedOutError past timeoutMs', async () => {
    const started = Date.now();
    await expect(
      imageExists({ image: `${host}/slow/app:x`, timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'TIMED_OUT', category: 'timed_out', timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects with CancelledError when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      imageExists({ image: `${host}/slow/app:x`, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('checks its options before asking anything', async () => {
    const before = seen.length;
    await expect(imageExists({ image: 'Upper/Case:x' })).rejects.toMatchObject({
      code: 'IMAGE_REF_INVALID',
      field: 'image',
    });
    await expect(
      imageExists({ image: `${host}/o/app:x`, credentials: { foo: 1 } as never }),
    ).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'credentials' });
    await expect(imageExists({ image: `${host}/o/app:x`, timeoutMs: -1 })).rejects.toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'timeoutMs',
    });
    expect(seen.length).toBe(before);
  });
});
