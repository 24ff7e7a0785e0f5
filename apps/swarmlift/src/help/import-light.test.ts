import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `swarmlift --help` loads only parseCommandLine and formatHelp (see src/main.ts): they must
// import nothing heavy (no zod, yaml, ssh2, dockerode, no @swarmlift/* package but core).
const LIGHT = [
  '../args/parse-command-line.ts',
  '../args/did-you-mean.ts',
  './format-help.ts',
  './wrap.ts',
  '../commands/definitions.ts',
];
const ALLOWED = new Set([
  '@swarmlift/core',
  '../commands/definitions.js',
  './did-you-mean.js',
  './wrap.js',
]);

function importsOf(path: string): string[] {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map(
    (m) => m[1] as string,
  );
}

describe('the --help path', () => {
  for (const path of LIGHT) {
    it(`${path} imports only light modules`, () => {
      for (const specifier of importsOf(path)) {
        expect(ALLOWED.has(specifier) || specifier.startsWith('node:'), specifier).toBe(true);
      }
    });
  }
  it('is really checked (the files have imports)', () => {
    expect(importsOf('../args/parse-command-line.ts')).toContain('@swarmlift/core');
  });
});
