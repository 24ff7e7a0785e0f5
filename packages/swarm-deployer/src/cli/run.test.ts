import type { BinIo } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const io = (argv: string[], env: Record<string, string> = {}) => {
  const out = { stdout: '', stderr: '' };
  const bin: BinIo = {
    argv,
    env,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  return { out, bin };
};

describe('run (swarmlift-stack)', () => {
  it('prints the usage for --help and exits 0', async () => {
    const { out, bin } = io(['--help']);
    expect(await run(bin)).toBe(0);
    expect(out.stdout).toContain('swarmlift-stack deploy -c FILE');
    expect(out.stdout).toContain('--host-key-fingerprint');
  });
  it('exits 2 with the reason and the usage line for bad usage, before any connection', async () => {
    const { out, bin } = io(['deploy', 'shop'], { DOCKER_HOST: 'ssh://nobody@203.0.113.1' });
    expect(await run(bin)).toBe(2);
    expect(out.stderr).toMatch(
      /^error: deploy needs at least one compose file[\s\S]*usage: swarmlift-stack/,
    );
  });
  it('exits 2 for a DOCKER_HOST it cannot use (invalid input, named)', async () => {
    const { out, bin } = io(['rm', 'shop'], { DOCKER_HOST: 'ftp://x' });
    expect(await run(bin)).toBe(2);
    expect(out.stderr).toContain('error [OPTIONS_INVALID]: DOCKER_HOST');
  });
  it('exits 3 when the engine cannot be reached', async () => {
    const { out, bin } = io(['rm', 'shop'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(await run(bin)).toBe(3);
    expect(out.stderr).toMatch(/error \[[A-Z_]+\]/);
  });
  it('exits 130 when cancelled before it starts', async () => {
    const { bin } = io(['rm', 'shop'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(await run({ ...bin, signal: AbortSignal.abort() })).toBe(130);
  });
});
