import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runHookProcess } from './run-hook-process.js';

const base = {
  cwd: tmpdir(),
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  timeoutMs: 10_000,
};

describe('runHookProcess (real /bin/sh)', () => {
  it('runs a string with the shell, with exactly the given environment, line by line', async () => {
    const lines: string[] = [];
    const result = await runHookProcess({
      ...base,
      env: { ...base.env, SWARMLIFT_STATUS: 'failed' },
      command: {
        shell:
          'echo "status=$SWARMLIFT_STATUS home=${HOME:-none}"; printf "a\\nb"; echo err >&2; exit 3',
      },
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, cancelled: false });
    expect(lines).toContain('stdout:status=failed home=none');
    expect(lines).toContain('stdout:a');
    expect(lines).toContain('stdout:b');
    expect(lines).toContain('stderr:err');
  });

  it('runs a list as an argv without a shell', async () => {
    const lines: string[] = [];
    const result = await runHookProcess({
      ...base,
      command: { argv: ['echo', '$HOME', 'a b'] },
      onLine: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(['$HOME a b']);
  });

  it('kills the whole process group at the time limit', async () => {
    const started = Date.now();
    const result = await runHookProcess({
      ...base,
      timeoutMs: 300,
      killGraceMs: 200,
      command: { shell: 'sleep 30 & sleep 30; echo never' },
      onLine: () => {},
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runHookProcess({
      ...base,
      signal: controller.signal,
      command: { shell: 'sleep 30' },
      onLine: () => {},
    });
    expect(result).toMatchObject({ cancelled: true, exitCode: null });
  });

  it('says when the program is not found', async () => {
    const result = await runHookProcess({
      ...base,
      command: { argv: ['./no-such-hook.sh'] },
      onLine: () => {},
    });
    expect(result.spawnError).toContain('./no-such-hook.sh was not found');
  });
});
