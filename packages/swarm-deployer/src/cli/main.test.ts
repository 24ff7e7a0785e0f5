import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from './main.js';

const capture = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (text: string) => {
        out.stdout += text;
      },
      stderr: (text: string) => {
        out.stderr += text;
      },
    },
  };
};

describe('runCli', () => {
  it('prints the usage for --help and exits 0', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], {}, io)).toBe(EXIT.ok);
    expect(out.stdout).toContain('swarmlift-stack deploy -c FILE');
  });
  it('exits 2 with the reason and a hint for bad usage, before any connection', async () => {
    const { out, io } = capture();
    expect(await runCli(['deploy', 'shop'], { DOCKER_HOST: 'ssh://nobody@203.0.113.1' }, io)).toBe(
      EXIT.invalid,
    );
    expect(out.stderr).toMatch(/compose file[\s\S]*Hint: Run `swarmlift-stack --help`/);
  });
  it('exits 3 for a DOCKER_HOST it cannot use', async () => {
    const { out, io } = capture();
    expect(await runCli(['rm', 'shop'], { DOCKER_HOST: 'ftp://x' }, io)).toBe(EXIT.unreachable);
    expect(out.stderr).toContain('TARGET_INVALID');
  });
});
