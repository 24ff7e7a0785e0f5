import { createServer, type Server, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFirst } from './connect-first.js';
import type { ConnectFirstEvent } from './events.js';
import { NoTargetReachableError } from './no-target-reachable-error.js';

const privateKey = ssh2.utils.generateKeyPairSync('ed25519').private;
const hostKey = { fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' };

/** A port on 127.0.0.1 nobody listens on (bound, then closed): connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connectFirst', () => {
  // A server that accepts TCP and never says a word: the SSH handshake times out.
  let silent: Server;
  let silentPort: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('tries every target in order, warns for each one it skips and names each with its reason', async () => {
    const refused = await closedPort();
    const events: ConnectFirstEvent[] = [];
    const error = await connectFirst({
      targets: [`ssh://deploy@127.0.0.1:${refused}`, `ssh://deploy@127.0.0.1:${silentPort}`],
      privateKey,
      hostKey,
      timeoutMs: 400,
      onEvent: (event) => events.push(event),
    }).catch((e: unknown) => e);
    expect(NoTargetReachableError.isInstance(error)).toBe(true);
    const noTarget = error as NoTargetReachableError;
    expect(noTarget.code).toBe('REMOTE_NO_TARGET_REACHABLE');
    expect(noTarget.category).toBe('unreachable');
    expect(noTarget.skipped.map((s) => [s.host, s.reason])).toEqual([
      [`deploy@127.0.0.1:${refused}`, 'connection refused'],
      [`deploy@127.0.0.1:${silentPort}`, 'timed out after 0.4 s'],
    ]);
    expect(noTarget.message).toContain(`deploy@127.0.0.1:${refused}: connection refused`);
    expect(noTarget.message).toContain(`deploy@127.0.0.1:${silentPort}: timed out after 0.4 s`);
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.message)).toEqual([
      `Skipped deploy@127.0.0.1:${refused}: connection refused; trying deploy@127.0.0.1:${silentPort}.`,
      `Skipped deploy@127.0.0.1:${silentPort}: timed out after 0.4 s.`,
    ]);
  });

  it('stops at the first target when the settings are wrong for every target', async () => {
    const refused = await closedPort();
    const error = await connectFirst({
      targets: [`ssh://deploy@127.0.0.1:${refused}`, `ssh://deploy@127.0.0.1:${silentPort}`],
      privateKey: 'not a key',
      hostKey,
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('SSH_KEY_INVALID');
  });

  it('stops when cancelled, without trying the next target', async () => {
    const controller = new AbortController();
    const events: ConnectFirstEvent[] = [];
    const pending = connectFirst({
      targets: [`ssh://deploy@127.0.0.1:${silentPort}`, `ssh://deploy@127.0.0.1:${silentPort}`],
      privateKey,
      hostKey,
      timeoutMs: 5_000,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('CANCELLED');
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
  });

  it('checks its options', async () => {
    await expect(connectFirst({ targets: [] })).rejects.toMatchObject({ field: 'targets' });
    await expect(
      connectFirst({ targets: ['ssh://m1'], check: 'yes' as never }),
    ).rejects.toMatchObject({ field: 'check' });
    await expect(connectFirst({ targets: ['ftp://m1'] })).rejects.toMatchObject({
      code: 'REMOTE_TARGET_INVALID',
    });
  });
});
