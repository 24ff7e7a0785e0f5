import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwarmliftError } from '@swarmlift/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter } from './create-reporter.js';
import { fakeIo } from './fake-io.js';
import { maskValues } from './secret-values.js';
import { escapeData } from './workflow-command.js';

class LeakyError extends SwarmliftError<'MIGRATION_FAILED'> {
  static override readonly brand = 'swarmlift/test/LeakyError';
}

const PASSWORD = 'Sup3r-Secret_Pass!';
const SPECIAL = 'p@ss:w/rd%&"\'<tag> +x';
const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDnQkHqVmUVTj1Wd9t3RzE2vA8Ej9ULwjWqkKAYrkp8nwAAAJj1tq5o9bau',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');
const LATE = 'late-registry-token-9876';
/** Lines too short to be hidden on their own: only whole-value redaction at the input hides them. */
const SHORT_LINES = 'q7Z\nW9x\nlonger-line-of-it';
const SECRETS = [PASSWORD, SPECIAL, KEY, LATE, SHORT_LINES];

/** Every form of every secret that must never be printed. */
function forbidden(): string[] {
  const forms = new Set<string>();
  for (const secret of SECRETS) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(Buffer.from(secret).toString('base64'));
    forms.add(Buffer.from(secret).toString('base64url'));
    // As workflow-command data: the runner unescapes it back to the secret.
    forms.add(escapeData(secret));
    for (const line of secret.split('\n')) if (line.trim().length >= 4) forms.add(line.trim());
  }
  // A registry auth blob: the secret inside JSON inside base64.
  forms.add(Buffer.from(JSON.stringify({ auth: `deploy:${PASSWORD}` })).toString('base64'));
  forms.add('q7Z');
  forms.add('W9x');
  return [...forms];
}

/** Puts every secret everywhere a caller could: titles, events, lines, blocks, errors, the summary. */
async function leakEverything(reporter: ReturnType<typeof createReporter>) {
  reporter.info(`connecting with ${PASSWORD}`);
  const build = reporter.step('build', `Build ${PASSWORD}`);
  build.event({
    source: 'image-builder',
    event: {
      type: 'push_auth',
      password: PASSWORD,
      nested: {
        list: [SPECIAL, KEY],
        error: new Error(`bad ${PASSWORD}`),
        bytes: Buffer.from(PASSWORD),
      },
    },
    line: `auth ${Buffer.from(JSON.stringify({ auth: `deploy:${PASSWORD}` })).toString('base64')} url ${encodeURIComponent(SPECIAL)}`,
  });
  build.event({
    source: 'image-builder',
    event: { type: 'warning', code: 'W', message: KEY },
    line: `warning ${KEY}`,
  });
  build.info(`key line ${KEY.split('\n')[1]}`);
  build.info(`short lines ${SHORT_LINES} end`);
  reporter.block('short', SHORT_LINES);
  reporter.warn(SHORT_LINES);
  build.warn(`json ${JSON.stringify({ p: SPECIAL })}`);
  build.done(`pushed with ${PASSWORD}`);
  reporter.addSecrets([LATE]);
  const wait = reporter.step('wait', `Wait ${LATE}`);
  wait.event({
    source: 'stack-waiter',
    event: { type: 'task_failed', log: `${LATE}\n${KEY}` },
    line: `log ${LATE}`,
  });
  const error = new LeakyError({
    code: 'MIGRATION_FAILED',
    message: `psql: password ${PASSWORD} rejected\n${KEY}`,
    hint: `check ${SPECIAL}`,
  });
  wait.fail(error);
  reporter.block(
    `traceback ${PASSWORD}`,
    `Traceback\n${KEY}\nDB_PASSWORD=${SPECIAL}\n::add-mask::${PASSWORD}\n`,
  );
  reporter.warn(`warn ${LATE}`);
  reporter.error(error);
  reporter.error(new TypeError(`unexpected ${PASSWORD}`, { cause: new Error(`cause ${SPECIAL}`) }));
  reporter.error(`thrown string ${LATE}`);
  reporter.step('record', `Record ${SPECIAL}`);
  await reporter.finish({
    command: `deploy ${PASSWORD}`,
    status: 'failed',
    exitCode: 1,
    durationMs: 1234,
    stack: `shop-${PASSWORD}`,
    version: LATE,
    image: `registry/${PASSWORD}:1`,
    digest: `sha256:${SPECIAL}`,
    services: [{ name: `svc-${LATE}`, action: PASSWORD, image: SPECIAL }],
    migrations: [PASSWORD],
    staticRelease: SPECIAL,
    serving: KEY,
  });
}

function expectClean(where: string, text: string) {
  for (const form of forbidden()) {
    if (text.includes(form))
      throw new Error(`${where} contains a secret form: ${JSON.stringify(form.slice(0, 12))}…`);
  }
}

const modes: { name: string; env: Record<string, string>; json: boolean; tty: boolean }[] = [
  { name: 'plain', env: {}, json: false, tty: false },
  { name: 'plain --json', env: {}, json: true, tty: false },
  { name: 'terminal', env: {}, json: false, tty: true },
  { name: 'terminal --json, debug', env: { SWARMLIFT_DEBUG: '1' }, json: true, tty: true },
  { name: 'CI, debug', env: { CI: 'true', SWARMLIFT_DEBUG: '1' }, json: false, tty: true },
  { name: 'GitHub Actions', env: { GITHUB_ACTIONS: 'true' }, json: false, tty: false },
  {
    name: 'GitHub Actions --json, debug',
    env: { GITHUB_ACTIONS: 'true', SWARMLIFT_DEBUG: '1' },
    json: true,
    tty: false,
  },
];

describe('no secret in any output', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swarmlift-leak-'));
    vi.useFakeTimers();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  for (const mode of modes) {
    it(`prints no secret byte in ${mode.name}`, async () => {
      const summaryFile = join(dir, 'summary.md');
      const outputFile = join(dir, 'output');
      const io = fakeIo(
        { ...mode.env, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile },
        { tty: mode.tty },
      );
      const reporter = createReporter({
        io,
        json: mode.json,
        secrets: [PASSWORD, SPECIAL, KEY, SHORT_LINES, ''],
        now: () => Date.now(),
      });
      const run = leakEverything(reporter);
      await vi.advanceTimersByTimeAsync(500);
      await run;
      expect(vi.getTimerCount()).toBe(0);

      const github = mode.env.GITHUB_ACTIONS === 'true';
      const stderrLines = io.stderr.text.split('\n');
      const masks = stderrLines.filter((line) => line.startsWith('::add-mask::'));
      const rest = stderrLines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
      expectClean('stdout', io.stdout.text);
      expectClean('stderr', rest);
      expect(rest).toContain('***');
      if (mode.json) {
        const lines = io.stdout.text.split('\n');
        expect(lines.pop()).toBe('');
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
        expect(JSON.parse(lines.at(-1) ?? '{}').type).toBe('summary');
      } else expect(io.stdout.text).toBe('');

      if (github) {
        // The masks come first, then one for the late secret before anything holding it.
        const initial = [PASSWORD, SPECIAL, KEY, SHORT_LINES].flatMap(maskValues);
        const firstOther = stderrLines.findIndex((line) => !line.startsWith('::add-mask::'));
        expect(firstOther).toBeGreaterThanOrEqual(new Set(initial).size);
        const lateMask = stderrLines.indexOf(`::add-mask::${LATE}`);
        expect(lateMask).toBeGreaterThan(firstOther);
        expect(stderrLines.findIndex((line) => line.includes('Wait ***'))).toBeGreaterThan(
          lateMask,
        );
        expect(masks.length).toBe(new Set(masks).size);
        expectClean('job summary', await readFile(summaryFile, 'utf8'));
        expectClean('step outputs', await readFile(outputFile, 'utf8'));
        // Every group opened was closed.
        const opened = stderrLines.filter((line) => line.startsWith('::group::')).length;
        expect(opened).toBe(3);
        expect(stderrLines.filter((line) => line === '::endgroup::').length).toBe(opened);
      } else {
        // Only the block's own (foreign, redacted) line looks like a mask; nothing registers one.
        expect(masks).toEqual(['::add-mask::***']);
        expectClean('stderr', io.stderr.text);
        await expect(readFile(summaryFile, 'utf8')).rejects.toThrow();
      }
    });
  }
});
