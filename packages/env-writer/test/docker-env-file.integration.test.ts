import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeIntegration,
  dockerCli,
  removeStack,
  uniqueName,
  waitFor,
} from '@swarmlift/testkit';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeEnvFile } from '../src/index.js';

/** Values that break the guide's `echo 'KEY=…' >> .env`, plus what Docker keeps literally. */
const handPicked: Record<string, string> = {
  SINGLE_QUOTE: "it's",
  DOUBLE_QUOTED: '"quoted"',
  SINGLE_QUOTED: "'quoted'",
  DOLLAR: '$HOME and ${PATH} and $$ and $(id)',
  HASH: 'value # not a comment',
  EQUALS: 'a=b==c',
  BACKSLASH: 'C:\\path\\n\\t',
  BACKTICK: '`id`',
  SPACES: '  leading and trailing  ',
  TAB: '\tx\t',
  UNICODE: 'Grüße 🚀 ✓ 日本',
  NBSP: '\u00a0nbsp\u00a0',
  DB_PASSWORD: `p'a"s$s#w=o\\r d`,
};

/** A seeded batch of random printable values with the characters that matter. */
function randomVars(): Record<string, string> {
  const char = fc.oneof(
    fc.constantFrom("'", '"', '$', '#', '=', '\\', ' ', '\t', '`', '{', '}', 'é', '💥'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  );
  const value = fc
    .array(char, { minLength: 1, maxLength: 60 })
    .map((parts) => parts.join(''))
    .filter((v) => !/[\r\n\0]/.test(v));
  const values = fc.sample(value, { numRuns: 40, seed: 4242 });
  return Object.fromEntries(values.map((v, i) => [`RANDOM_${i}`, v]));
}

/** NUL-separated `KEY=value` pairs, as in /proc/<pid>/environ. */
function parseEnviron(bytes: Buffer): Map<string, string> {
  const vars = new Map<string, string>();
  for (const pair of bytes.toString('utf8').split('\0')) {
    const eq = pair.indexOf('=');
    if (eq > 0) vars.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return vars;
}

function expectArrivedByteForByte(vars: Record<string, string>, environ: Map<string, string>) {
  for (const [key, value] of Object.entries(vars)) {
    expect.soft(environ.get(key), key).toBe(value);
  }
  expect(Object.keys(vars).filter((key) => environ.get(key) !== vars[key])).toEqual([]);
}

describeIntegration('env files in a real Docker engine', (env) => {
  const vars = { ...handPicked, ...randomVars() };
  let folder: string;
  let envFile: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sltest-envfile-'));
    envFile = join(folder, 'app.env');
    await writeEnvFile({ path: envFile, vars });
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('docker run --env-file delivers every value byte for byte', async () => {
    const run = await dockerCli(
      env,
      ['run', '--rm', '--env-file', envFile, env.IMAGE_BUSYBOX, 'cat', '/proc/self/environ'],
      { encoding: 'buffer' },
    );
    expectArrivedByteForByte(vars, parseEnviron(Buffer.from(run.stdout)));
  });

  it('docker stack deploy with env_file: delivers every value byte for byte', async () => {
    const stack = uniqueName('envfile');
    const out = join(folder, 'out');
    await execa('mkdir', ['-p', out]);
    const compose = join(folder, 'stack.yml');
    await writeFile(
      compose,
      [
        'version: "3.8"',
        'services:',
        '  app:',
        `    image: ${env.IMAGE_BUSYBOX}`,
        '    env_file: ./app.env',
        // pid 1's environ is exactly what the engine gave the task
        `    command: ["sh", "-c", "cat /proc/1/environ > /out/environ.tmp && mv /out/environ.tmp /out/environ && sleep 600"]`,
        '    volumes:',
        `      - { type: bind, source: ${out}, target: /out }`,
        '    stop_grace_period: 1s', // sh as pid 1 ignores SIGTERM; do not wait 10 s on removal
        '    deploy:',
        '      restart_policy: { condition: none }',
        '',
      ].join('\n'),
    );
    try {
      // An env without any of the test keys: stack deploy fills empty values from the deploying shell.
      await dockerCli(env, ['stack', 'deploy', '--detach=true', '-c', compose, stack], {
        env: { PATH: process.env.PATH },
        extendEnv: false,
      });
      const environ = await waitFor(
        'the stack task to write its environment',
        () => readFile(join(out, 'environ')).catch(() => undefined),
        60_000,
      );
      expectArrivedByteForByte(vars, parseEnviron(environ));
    } finally {
      await removeStack(env, stack);
    }
  });

  it('the swarmlift-env bin reads values from its environment and Docker gets them intact', async () => {
    const file = join(folder, 'from-bin.env');
    const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
    const result = await execa(
      'node',
      [cli, 'write', '--out', file, '--from-env', 'SINGLE_QUOTE,DOLLAR,DB_PASSWORD'],
      {
        env: {
          SINGLE_QUOTE: vars.SINGLE_QUOTE,
          DOLLAR: vars.DOLLAR,
          DB_PASSWORD: vars.DB_PASSWORD,
        },
      },
    );
    expect(result.stdout).not.toContain(vars.DB_PASSWORD);
    const run = await dockerCli(
      env,
      ['run', '--rm', '--env-file', file, env.IMAGE_BUSYBOX, 'cat', '/proc/self/environ'],
      { encoding: 'buffer' },
    );
    expectArrivedByteForByte(
      {
        SINGLE_QUOTE: vars.SINGLE_QUOTE ?? '',
        DOLLAR: vars.DOLLAR ?? '',
        DB_PASSWORD: vars.DB_PASSWORD ?? '',
      },
      parseEnviron(Buffer.from(run.stdout)),
    );
  });

  it('the longest line swarmlift writes is one Docker still reads, and one byte more is refused by Docker', async () => {
    const longest = join(folder, 'longest.env');
    const value = 'x'.repeat(65_535 - 'LONG='.length);
    await writeEnvFile({ path: longest, vars: { LONG: value } });
    const ok = await dockerCli(
      env,
      ['run', '--rm', '--env-file', longest, env.IMAGE_BUSYBOX, 'cat', '/proc/self/environ'],
      { encoding: 'buffer' },
    );
    expect(parseEnviron(Buffer.from(ok.stdout)).get('LONG')).toBe(value);

    const tooLong = join(folder, 'too-long.env');
    await writeFile(tooLong, `LONG=${value}x\n`);
    const refused = await dockerCli(
      env,
      ['run', '--rm', '--env-file', tooLong, env.IMAGE_BUSYBOX, 'true'],
      {
        reject: false,
      },
    );
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('too long');
  });
});
