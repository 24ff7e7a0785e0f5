import type { BinIo } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { exitCodeOfResult, run } from './run.js';

function io(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const binIo: BinIo = {
    argv,
    env,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { binIo, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('swarmlift-wait run()', () => {
  it('--help prints the usage with the connection flags, --version the version (exit 0)', async () => {
    const help = io(['--help']);
    expect(await run(help.binIo)).toBe(0);
    expect(help.stdout()).toContain('Usage: swarmlift-wait STACK');
    expect(help.stdout()).toContain('--host-key-fingerprint');
    const version = io(['--version']);
    expect(await run(version.binIo)).toBe(0);
    expect(version.stdout()).toBe(`swarmlift-wait ${packageJson.version}\n`);
  });

  it('a bad flag is a usage error (exit 2) with the usage line', async () => {
    const bad = io(['app', '-t', 'soon']);
    expect(await run(bad.binIo)).toBe(2);
    expect(bad.stderr()).toContain('error: --timeout: "soon" is not a positive number of seconds');
    expect(bad.stderr()).toContain('usage: swarmlift-wait STACK');
  });

  it('a bad connection variable is exit 2, naming the variable', async () => {
    const bad = io(['app'], { DOCKER_HOST: 'ftp://nowhere' });
    expect(await run(bad.binIo)).toBe(2);
    expect(bad.stderr()).toContain('error [OPTIONS_INVALID]: DOCKER_HOST:');
  });

  it('an engine that cannot be reached is exit 3 (the error says so; JSON too with --json)', async () => {
    const gone = io(['app', '--json', '-H', 'unix:///nonexistent/swarmlift-test.sock']);
    expect(await run(gone.binIo)).toBe(3);
    expect(gone.stderr()).toMatch(/^error \[WAIT_ENGINE_FAILED\]: /m);
    expect(JSON.parse(gone.stdout())).toMatchObject({ error: { code: 'WAIT_ENGINE_FAILED' } });
  });

  it('an aborted signal is exit 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = io(['app', '-H', 'unix:///nonexistent/swarmlift-test.sock']);
    expect(await run({ ...cancelled.binIo, signal: controller.signal })).toBe(130);
    expect(cancelled.stderr()).toContain('error [CANCELLED]');
  });
});

describe('exitCodeOfResult', () => {
  const result = (status: 'converged' | 'failed' | 'rolled_back' | 'timed_out', ok: boolean) =>
    ({ status, ok }) as Parameters<typeof exitCodeOfResult>[0];
  it('0 ok, 1 failed or rolled back, 5 timed out', () => {
    expect(exitCodeOfResult(result('converged', true))).toBe(0);
    expect(exitCodeOfResult(result('rolled_back', true))).toBe(0);
    expect(exitCodeOfResult(result('rolled_back', false))).toBe(1);
    expect(exitCodeOfResult(result('failed', false))).toBe(1);
    expect(exitCodeOfResult(result('timed_out', false))).toBe(5);
  });
});
