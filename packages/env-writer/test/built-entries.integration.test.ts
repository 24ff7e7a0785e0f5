// The built package as users get it (runs after the build): the zod-free
// entry stays zod-free, and the bin answers --version and --help.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');

/** Every bare module a built file loads, following its relative imports (static and dynamic). */
async function bareImports(file: string, seen = new Set<string>()): Promise<Set<string>> {
  const bare = new Set<string>();
  if (seen.has(file)) return bare;
  seen.add(file);
  const text = await readFile(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
  ].map((match) => match[1] as string);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      for (const inner of await bareImports(resolve(dirname(file), specifier), seen)) {
        bare.add(inner);
      }
    } else {
      bare.add(specifier);
    }
  }
  return bare;
}

describe('the built entries', () => {
  it('@swarmlift/env-writer/env-file loads no zod, not even lazily', async () => {
    const modules = [...(await bareImports(join(dist, 'env-file.js')))];
    expect(modules.filter((name) => name === 'zod' || name.startsWith('zod/'))).toEqual([]);
    expect(modules).toContain('@swarmlift/core');
  });

  it('the main entry is the only one that loads zod (for djangoEnvSchema)', async () => {
    expect(await bareImports(join(dist, 'index.js'))).toContain('zod');
  });

  it('the bin answers --version and --help with exit 0', async () => {
    const { version } = JSON.parse(
      await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8'),
    ) as { version: string };
    const cli = join(dist, 'cli.js');
    expect((await execa('node', [cli, '--version'])).stdout).toBe(version);
    const help = await execa('node', [cli, '--help']);
    expect(help.stdout).toContain('swarmlift-env write --out FILE');
  });

  it('the bin exits 2 on a usage error, with the usage line', async () => {
    const result = await execa('node', [join(dist, 'cli.js'), 'deploy'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: unknown command "deploy"');
    expect(result.stderr).toContain('usage: swarmlift-env write');
  });
});
