import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandWithEnv, quoteArg, quoteArgv } from './shell-quote.js';

// What a POSIX shell makes of a command line: each argument printed NUL-terminated.
async function shellSplit(commandLine: string, stdin?: Buffer): Promise<string[]> {
  const { stdout } = await execa('sh', ['-c', commandLine], {
    input: stdin ?? '',
    stripFinalNewline: false,
  });
  return stdout.split('\0').slice(0, -1);
}

const arg = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));

describe('quoteArgv', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(quoteArgv(['docker', 'service', 'ls', '--format', '{{.Name}}'])).toBe(
      "docker service ls --format '{{.Name}}'",
    );
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('')).toBe("''");
  });

  it('round-trips any arguments through a real POSIX shell', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arg, { minLength: 1, maxLength: 6 }), async (args) => {
        expect(await shellSplit(quoteArgv(['printf', '%s\\0', ...args]))).toEqual(args);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses empty commands and NUL bytes', () => {
    expect(() => quoteArgv([])).toThrow(/empty command/);
    expect(() => quoteArgv(['echo', 'a\0b'])).toThrow(/NUL byte/);
  });
});

describe('commandWithEnv', () => {
  it('delivers any values through stdin, keeps the rest of stdin, and keeps values off the command line', async () => {
    await fc.assert(
      fc.asyncProperty(arg, arg, async (value, rest) => {
        const { command, header } = commandWithEnv(
          ['sh', '-c', 'printf "%s\\0" "$SLTEST_VALUE"; cat; printf "\\0"'],
          { SLTEST_VALUE: value },
        );
        expect(command).not.toContain(value.length > 3 ? value : 'sltest-never');
        expect(await shellSplit(command, Buffer.concat([header, Buffer.from(rest)]))).toEqual([
          value,
          rest,
        ]);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses invalid variable names', () => {
    expect(() => commandWithEnv(['true'], { 'BAD-NAME': 'x' })).toThrow(
      /not a valid environment variable name/,
    );
  });
});
