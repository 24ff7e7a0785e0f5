import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_PROBE, databaseVerdict, noImageVerdict } from './database-check.js';

const run = promisify(execFile);
const where = "the stack's network shop_backend";

/** The probe as the one-off task runs it, here with this machine's python3. */
async function probe(host: string, port: number) {
  try {
    const { stdout } = await run('python3', ['-c', DATABASE_PROBE], {
      env: { PATH: process.env.PATH, DB_HOST: host, DB_PORT: String(port) },
      timeout: 20_000,
    });
    return { exitCode: 0, logs: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : -1,
      logs: failed.stdout ?? '',
    };
  }
}

let postgresLike: Server;
let port: number;
let closedPort: number;
beforeAll(async () => {
  // Answers the SSLRequest like a PostgreSQL server without SSL: one byte, N.
  postgresLike = createServer((socket) => socket.once('data', () => socket.end('N')));
  await new Promise<void>((resolve) => postgresLike.listen(0, '127.0.0.1', resolve));
  port = (postgresLike.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => {
  postgresLike.close();
});

describe('the database probe and its verdict', () => {
  it('a server that answers like PostgreSQL: passes', async () => {
    const result = await probe('127.0.0.1', port);
    expect(databaseVerdict({ address: `127.0.0.1:${port}`, where, ...result })).toMatchObject({
      status: 'ok',
      message: `PostgreSQL answers at 127.0.0.1:${port} from ${where}`,
    });
  });

  it('a closed port: refused', async () => {
    const result = await probe('127.0.0.1', closedPort);
    const verdict = databaseVerdict({ address: `127.0.0.1:${closedPort}`, where, ...result });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toContain('refused the connection');
  });

  it('a name that cannot resolve: DB_HOST does not resolve', async () => {
    // A label longer than DNS allows fails before any query leaves the machine.
    const host = `${'d'.repeat(64)}.example`;
    const result = await probe(host, 5432);
    const verdict = databaseVerdict({ address: `${host}:5432`, where, ...result });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toMatch(/^DB_HOST does not resolve from /);
  });

  it('an image without python3 (or any other output): the probe did not run', () => {
    expect(
      databaseVerdict({ address: 'h:1', where, exitCode: 127, logs: 'exec: python3: not found' })
        .message,
    ).toBe('the probe did not run in the app image (exit 127)');
  });

  it('no image yet: skipped, with what to do', () => {
    expect(noImageVerdict('r/i:v')).toMatchObject({ status: 'skipped' });
  });
});
