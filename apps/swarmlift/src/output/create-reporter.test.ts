import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwarmliftError } from '@swarmlift/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter } from './create-reporter.js';
import { fakeClock, fakeIo, hasColour, screen } from './fake-io.js';
import type { RunSummary } from './reporter.js';

class WaitError extends SwarmliftError<'STACK_TASK_FAILED'> {
  static override readonly brand = 'swarmlift/test/WaitError';
}

const failedSummary: RunSummary = {
  command: 'deploy',
  status: 'failed',
  exitCode: 1,
  durationMs: 5100,
  version: 'abc1234',
  serving: 'fedcba9',
};

/** A short run: one step done with an event, one failed, a block and the error. */
async function scenario(
  reporter: ReturnType<typeof createReporter>,
  clock: ReturnType<typeof fakeClock>,
) {
  const build = reporter.step('build', 'Build and push the image');
  build.event({
    source: 'image-builder',
    event: { type: 'layer_pushed', layer: 'ab12' },
    line: 'pushed layer ab12',
  });
  build.event({
    source: 'image-builder',
    event: { type: 'progress', percent: 50 },
    line: undefined,
  });
  clock.advance(4100);
  build.done('pushed sha256:ab12');
  const wait = reporter.step('wait', 'Wait for the stack');
  wait.warn('django is slow to start');
  clock.advance(1000);
  const error = new WaitError({
    code: 'STACK_TASK_FAILED',
    message: 'django: task exited 3',
    hint: 'read the task logs above',
  });
  wait.fail(error);
  reporter.block('task logs', 'Traceback (most recent call last):\n  File "x"\n');
  reporter.error(error);
  await reporter.finish(failedSummary);
}

describe('createReporter: plain lines', () => {
  it('prints start and end lines with durations, events indented, blocks verbatim; stdout stays empty', async () => {
    const io = fakeIo({});
    const clock = fakeClock();
    await scenario(createReporter({ io, json: false, secrets: [], now: clock.now }), clock);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toBe(
      [
        '→ build     Build and push the image',
        '  pushed layer ab12',
        '✓ build     pushed sha256:ab12 (4.1 s)',
        '→ wait      Wait for the stack',
        '  warning: django is slow to start',
        '✗ wait      failed [STACK_TASK_FAILED] (1.0 s)',
        'task logs:',
        'Traceback (most recent call last):',
        '  File "x"',
        'error [STACK_TASK_FAILED]: django: task exited 3',
        'hint: read the task logs above',
        'deploy: failed after 5.1 s',
        '  version    abc1234',
        '  error      [STACK_TASK_FAILED] django: task exited 3',
        '  serving    fedcba9',
        '',
      ].join('\n'),
    );
  });

  it('prints skipped steps, lines outside steps and multi-line lines', async () => {
    const io = fakeIo({ CI: 'true' }, { tty: true });
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: [], now: clock.now });
    reporter.info('swarmlift 1.0.0');
    const step = reporter.step('static', 'Static files');
    step.info('two\nlines\r\n');
    step.skip('COLLECTSTATIC=off');
    reporter.warn('no failure_action: rollback');
    await reporter.finish({ command: 'static', status: 'ok', exitCode: 0, durationMs: 10 });
    expect(io.stderr.lines).toEqual([
      'swarmlift 1.0.0',
      '→ static    Static files',
      '  two',
      '  lines',
      '– static    skipped: COLLECTSTATIC=off',
      'warning: no failure_action: rollback',
      'static: done in 0.0 s',
    ]);
  });

  it('closes a step left running at finish and reports it as running', async () => {
    const io = fakeIo({}, {});
    const clock = fakeClock();
    const reporter = createReporter({ io, json: true, secrets: [], now: clock.now });
    reporter.step('migrate', 'Migrations');
    clock.advance(2000);
    await reporter.finish({
      command: 'deploy',
      status: 'cancelled',
      exitCode: 130,
      durationMs: 2000,
    });
    expect(io.stderr.lines[1]).toBe('! migrate   did not finish (2.0 s)');
    const summary = JSON.parse(io.stdout.lines.at(-1) ?? '{}');
    expect(summary.steps).toEqual([
      { id: 'migrate', title: 'Migrations', status: 'running', durationMs: 2000 },
    ]);
  });

  it('shows overlapping steps one after the other, in start order', async () => {
    const io = fakeIo({});
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: [], now: clock.now });
    const build = reporter.step('build', 'Build');
    const env = reporter.step('env', 'Env file');
    const stat = reporter.step('static', 'Static');
    env.info('env line');
    build.info('build line');
    clock.advance(100);
    env.done('wrote 9 keys');
    stat.info('static line');
    clock.advance(100);
    build.done();
    stat.info('static line 2');
    clock.advance(100);
    stat.done();
    await reporter.finish({ command: 'deploy', status: 'ok', exitCode: 0, durationMs: 300 });
    expect(io.stderr.lines.slice(0, 11)).toEqual([
      '→ build     Build',
      '  build line',
      '✓ build     Build (0.2 s)',
      '→ env       Env file',
      '  env line',
      '✓ env       wrote 9 keys (0.1 s)',
      '→ static    Static',
      '  static line',
      '  static line 2',
      '✓ static    Static (0.3 s)',
      'deploy: done in 0.3 s',
    ]);
  });

  it('keeps a late line of an ended step that waits to be shown with that step', async () => {
    const io = fakeIo({});
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: [], now: clock.now });
    const build = reporter.step('build', 'Build');
    const env = reporter.step('env', 'Env');
    env.done('wrote');
    env.info('late env line');
    build.done();
    expect(io.stderr.lines).toEqual([
      '→ build     Build',
      '✓ build     Build (0.0 s)',
      '→ env       Env',
      '  late env line',
      '✓ env       wrote (0.0 s)',
    ]);
  });

  it('ignores a second end of a step, and lines after it print outside the step', async () => {
    const io = fakeIo({});
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: [], now: clock.now });
    const step = reporter.step('env', 'Env');
    step.done('first');
    step.fail(new Error('late'));
    step.info('after');
    await reporter.finish({ command: 'env', status: 'ok', exitCode: 0, durationMs: 0 });
    await reporter.finish({ command: 'env', status: 'ok', exitCode: 0, durationMs: 0 });
    expect(io.stderr.lines).toEqual([
      '→ env       Env',
      '✓ env       first (0.0 s)',
      'after',
      'env: done in 0.0 s',
    ]);
  });
});

describe('createReporter: --json', () => {
  it('writes only JSON lines on stdout: step starts and ends, events, one summary', async () => {
    const io = fakeIo({});
    const clock = fakeClock();
    await scenario(createReporter({ io, json: true, secrets: [], now: clock.now }), clock);
    const lines = io.stdout.text.split('\n');
    expect(lines.pop()).toBe('');
    const objects = lines.map((line) => JSON.parse(line));
    expect(objects).toEqual([
      { type: 'step_start', step: 'build', title: 'Build and push the image' },
      {
        type: 'event',
        step: 'build',
        source: 'image-builder',
        event: { type: 'layer_pushed', layer: 'ab12' },
      },
      {
        type: 'event',
        step: 'build',
        source: 'image-builder',
        event: { type: 'progress', percent: 50 },
      },
      {
        type: 'step_end',
        step: 'build',
        status: 'done',
        durationMs: 4100,
        detail: 'pushed sha256:ab12',
      },
      { type: 'step_start', step: 'wait', title: 'Wait for the stack' },
      {
        type: 'step_end',
        step: 'wait',
        status: 'failed',
        durationMs: 1000,
        error: { code: 'STACK_TASK_FAILED', message: 'django: task exited 3' },
      },
      {
        type: 'summary',
        ...failedSummary,
        error: {
          code: 'STACK_TASK_FAILED',
          message: 'django: task exited 3',
          hint: 'read the task logs above',
        },
        steps: [
          {
            id: 'build',
            title: 'Build and push the image',
            status: 'done',
            durationMs: 4100,
            detail: 'pushed sha256:ab12',
          },
          { id: 'wait', title: 'Wait for the stack', status: 'failed', durationMs: 1000 },
        ],
      },
    ]);
    // Everything for people went to stderr.
    expect(io.stderr.text).toContain('✗ wait      failed [STACK_TASK_FAILED] (1.0 s)');
    expect(io.stderr.text).toContain('error [STACK_TASK_FAILED]: django: task exited 3');
  });

  it('keeps the summary error the caller gives', async () => {
    const io = fakeIo({});
    const reporter = createReporter({ io, json: true, secrets: [] });
    reporter.error(new Error('ignored'));
    await reporter.finish({ ...failedSummary, error: { code: 'C', message: 'given' } });
    expect(JSON.parse(io.stdout.text).error).toEqual({ code: 'C', message: 'given' });
  });

  it('keeps stdout pure JSON under GitHub Actions: the workflow commands go to stderr', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' });
    const clock = fakeClock();
    await scenario(
      createReporter({ io, json: true, secrets: ['hunter2-secret'], now: clock.now }),
      clock,
    );
    for (const line of io.stdout.lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(io.stdout.text).not.toContain('::');
    expect(io.stderr.lines[0]).toBe('::add-mask::hunter2-secret');
  });
});

describe('createReporter: GitHub Actions', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swarmlift-gha-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('masks every secret first, groups each step, annotates the error', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true', NO_COLOR: '1' });
    const clock = fakeClock();
    const reporter = createReporter({
      io,
      json: false,
      secrets: ['hunter2-secret', '', 'line one\nline two\n'],
      now: clock.now,
    });
    await scenario(reporter, clock);
    const lines = io.stderr.lines;
    const multi = 'line one\nline two\n';
    // Data is escaped for the runner (% → %25), which unescapes it before masking.
    const values = [
      'hunter2-secret',
      Buffer.from('hunter2-secret').toString('base64'),
      Buffer.from('hunter2-secret').toString('base64url'),
      'line one',
      'line two',
      encodeURIComponent(multi),
      encodeURIComponent(multi).replace(/%20/g, '+'),
      'line one\\nline two\\n',
      Buffer.from(multi).toString('base64'),
      Buffer.from(multi).toString('base64url'),
    ];
    const masks = [...new Set(values)].map((value) => `::add-mask::${value.replace(/%/g, '%25')}`);
    expect(lines.slice(0, masks.length)).toEqual(masks);
    expect(lines.slice(masks.length)).toEqual([
      '::group::→ build     Build and push the image',
      '  pushed layer ab12',
      '::endgroup::',
      '✓ build     pushed sha256:ab12 (4.1 s)',
      '::group::→ wait      Wait for the stack',
      '::warning::django is slow to start',
      '::endgroup::',
      '✗ wait      failed [STACK_TASK_FAILED] (1.0 s)',
      'task logs:',
      'Traceback (most recent call last):',
      '  File "x"',
      '::error title=STACK_TASK_FAILED::django: task exited 3',
      'error [STACK_TASK_FAILED]: django: task exited 3',
      'hint: read the task logs above',
      'deploy: failed after 5.1 s',
      '  version    abc1234',
      '  error      [STACK_TASK_FAILED] django: task exited 3',
      '  serving    fedcba9',
    ]);
  });

  it('masks secrets added later before any line that could hold them', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' });
    const reporter = createReporter({ io, json: false, secrets: [] });
    expect(io.stderr.text).toBe('');
    const step = reporter.step('connect', 'Connect');
    reporter.addSecrets(['late-token-123', 'late-token-123']);
    step.info('using late-token-123');
    const text = io.stderr.text;
    expect(text.indexOf('::add-mask::late-token-123\n')).toBeGreaterThan(-1);
    expect(text.indexOf('::add-mask::late-token-123\n')).toBeLessThan(text.indexOf('  using ***'));
    expect(text.split('::add-mask::late-token-123\n')).toHaveLength(2);
    expect(text).not.toMatch(/using late/);
  });

  it('escapes %, CR and LF in commands', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' });
    const reporter = createReporter({ io, json: false, secrets: ['50%off'] });
    reporter.error(
      new WaitError({ code: 'STACK_TASK_FAILED', message: '100% done\nnot really', hint: 'h' }),
    );
    expect(io.stderr.lines[0]).toBe('::add-mask::50%25off');
    expect(io.stderr.lines).toContain('::error title=STACK_TASK_FAILED::100%25 done%0Anot really');
  });

  it('closes the group even when a step never ends', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' });
    const reporter = createReporter({ io, json: false, secrets: [] });
    reporter.step('wait', 'Wait');
    await reporter.finish({ command: 'wait', status: 'cancelled', exitCode: 130, durationMs: 1 });
    const opened = io.stderr.lines.filter((line) => line.startsWith('::group::')).length;
    const closed = io.stderr.lines.filter((line) => line === '::endgroup::').length;
    expect(opened).toBe(1);
    expect(closed).toBe(1);
  });

  it('stops command processing around foreign text that holds a workflow command', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' });
    const reporter = createReporter({ io, json: false, secrets: [] });
    const step = reporter.step('wait', 'Wait');
    step.event({ source: 'stack-waiter', event: { type: 'task_log' }, line: '::endgroup::' });
    reporter.block('task logs', 'a\n  ::set-output name=x::y\n');
    const lines = io.stderr.lines;
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[1] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(lines.slice(1, 4)).toEqual([
      `::stop-commands::${token}`,
      '  ::endgroup::',
      `::${token}::`,
    ]);
    expect(lines.filter((line) => line === '::endgroup::')).toHaveLength(0);
    expect(lines.at(-1)).toMatch(/^::[0-9a-f]{32}::$/);
  });

  it('never nests groups when steps overlap', async () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true', NO_COLOR: '1' });
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: [], now: clock.now });
    const build = reporter.step('build', 'Build');
    const stat = reporter.step('static', 'Static');
    stat.info('uploaded 3 files');
    clock.advance(200);
    stat.fail(new Error('disk full'));
    build.info('pushed');
    build.done();
    await reporter.finish({ command: 'deploy', status: 'failed', exitCode: 1, durationMs: 200 });
    expect(io.stderr.lines.slice(0, 10)).toEqual([
      '::group::→ build     Build',
      '  pushed',
      '::endgroup::',
      '✓ build     Build (0.2 s)',
      '::group::→ static    Static',
      '  uploaded 3 files',
      '::endgroup::',
      '✗ static    failed (0.2 s)',
      'deploy: failed after 0.2 s',
    ]);
  });

  it('writes the job summary and the step outputs', async () => {
    const summaryFile = join(dir, 'summary.md');
    const outputFile = join(dir, 'output');
    await writeFile(outputFile, 'before=1\n');
    const io = fakeIo({
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
    });
    const clock = fakeClock();
    const reporter = createReporter({ io, json: false, secrets: ['s3cret-pass'], now: clock.now });
    const build = reporter.step('build', 'Build and push');
    clock.advance(4100);
    build.done('pushed');
    await reporter.finish({
      command: 'deploy',
      status: 'deployed',
      exitCode: 0,
      durationMs: 4200,
      stack: 'shop',
      version: 'abc1234',
      image: 'ghcr.io/acme/shop/django-app:abc1234',
      digest: 'sha256:0f0f',
      services: [{ name: 'shop_django', action: 'updated' }],
      migrations: ['app.0002'],
      staticRelease: 'abc1234',
    });
    const markdown = await readFile(summaryFile, 'utf8');
    expect(markdown).toContain('### ✅ swarmlift deploy — shop: deployed');
    expect(markdown).toContain('- **Digest**: `sha256:0f0f`');
    expect(markdown).toContain('| Build and push | ✅ done | 4.1 s | pushed |');
    expect(markdown).toContain('| shop_django | updated |  |');
    const outputs = await readFile(outputFile, 'utf8');
    expect(outputs.startsWith('before=1\n')).toBe(true);
    const entries = [
      ...outputs.matchAll(/^(\w+)<<(ghadelimiter_[0-9a-f-]{36})\n([^\n]*)\n\2$/gm),
    ].map((m) => [m[1], m[3]]);
    expect(entries).toEqual([
      ['version', 'abc1234'],
      ['image', 'ghcr.io/acme/shop/django-app:abc1234'],
      ['digest', 'sha256:0f0f'],
      ['status', 'deployed'],
      ['duration', '4.2'],
    ]);
  });

  it('warns instead of throwing when the runner files cannot be written', async () => {
    const io = fakeIo({
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(dir, 'missing', 'x.md'),
      GITHUB_OUTPUT: join(dir, 'missing', 'o'),
    });
    const reporter = createReporter({ io, json: false, secrets: [] });
    await reporter.finish({ command: 'deploy', status: 'deployed', exitCode: 0, durationMs: 1 });
    expect(io.stderr.text).toMatch(/::warning::could not write the job summary: /);
    expect(io.stderr.text).toMatch(/::warning::could not write the step outputs: /);
  });

  it('writes no runner files outside GitHub Actions', async () => {
    const summaryFile = join(dir, 'summary.md');
    const io = fakeIo({ GITHUB_STEP_SUMMARY: summaryFile });
    await createReporter({ io, json: false, secrets: [] }).finish({
      command: 'deploy',
      status: 'deployed',
      exitCode: 0,
      durationMs: 1,
    });
    await expect(readFile(summaryFile, 'utf8')).rejects.toThrow();
    expect(io.stderr.text).not.toContain('::');
  });
});

describe('createReporter: errors', () => {
  it('prints an unknown error by its message, and its stack only with SWARMLIFT_DEBUG=1', () => {
    const plain = fakeIo({});
    createReporter({ io: plain, json: false, secrets: [] }).error(
      new TypeError('x is not a function'),
    );
    expect(plain.stderr.text).toBe(
      'error: x is not a function\nhint: run again with SWARMLIFT_DEBUG=1 to see the stack trace\n',
    );
    const debug = fakeIo({ SWARMLIFT_DEBUG: '1' });
    createReporter({ io: debug, json: false, secrets: [] }).error(
      new TypeError('x is not a function'),
    );
    expect(debug.stderr.text).toMatch(
      /^error: x is not a function\nTypeError: x is not a function\n {4}at /,
    );
  });
});

describe('createReporter: terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws a live line with the elapsed time, at most 10 times a second, and leaves no timer', async () => {
    const io = fakeIo({}, { tty: true });
    io.stderr.columns = 60;
    const reporter = createReporter({ io, json: false, secrets: [], now: () => Date.now() });
    const step = reporter.step('build', 'Build and push the image');
    expect(vi.getTimerCount()).toBe(1);
    const before = io.stderr.chunks.length;
    vi.advanceTimersByTime(1000);
    const draws = io.stderr.chunks.slice(before).filter((chunk) => chunk.startsWith('\r\x1b[2K'));
    expect(draws.length).toBeGreaterThanOrEqual(9);
    expect(draws.length).toBeLessThanOrEqual(11);
    const last = io.stderr.chunks.at(-1) ?? '';
    expect(last.startsWith('\r\x1b[2K\x1b[36m')).toBe(true);
    expect(screen(last)).toMatch(/^. build {5}Build and push the image {2}1\.0 s$/);
    step.info('pushed layer ab12');
    vi.advanceTimersByTime(500);
    step.done('pushed');
    expect(vi.getTimerCount()).toBe(0);
    await reporter.finish({ command: 'build', status: 'ok', exitCode: 0, durationMs: 1500 });
    expect(vi.getTimerCount()).toBe(0);
    // What stays on screen once the live line is cleared.
    expect(screen(io.stderr.text)).toBe(
      '→ build     Build and push the image\n  pushed layer ab12\n✓ build     pushed (1.5 s)\nbuild: done in 1.5 s\n',
    );
  });

  it('draws at most about 10 times a second even when many short steps run', async () => {
    const io = fakeIo({ NO_COLOR: '1' }, { tty: true });
    const reporter = createReporter({ io, json: false, secrets: [], now: () => Date.now() });
    for (let i = 0; i < 50; i++) {
      reporter.step('env', `step ${i}`).done();
      vi.advanceTimersByTime(10);
    }
    await reporter.finish({ command: 'env', status: 'ok', exitCode: 0, durationMs: 500 });
    const draws = io.stderr.chunks.filter(
      (chunk) => chunk.startsWith('\r\x1b[2K') && chunk.length > 5 && !chunk.includes('\n'),
    );
    expect(draws.length).toBeGreaterThan(0);
    expect(draws.length).toBeLessThanOrEqual(6);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes no start line for a step without lines of its own', async () => {
    const io = fakeIo({ NO_COLOR: '1' }, { tty: true });
    const reporter = createReporter({ io, json: false, secrets: [], now: () => Date.now() });
    const step = reporter.step('env', 'Env file');
    vi.advanceTimersByTime(250);
    step.done('wrote 9 keys');
    await reporter.finish({ command: 'env', status: 'ok', exitCode: 0, durationMs: 250 });
    expect(screen(io.stderr.text)).toBe('✓ env       wrote 9 keys (0.3 s)\nenv: done in 0.3 s\n');
  });

  it('with NO_COLOR writes no colour codes but still redraws and clears', async () => {
    const io = fakeIo({ NO_COLOR: '1' }, { tty: true });
    const reporter = createReporter({ io, json: false, secrets: [], now: () => Date.now() });
    const step = reporter.step('wait', 'Wait');
    vi.advanceTimersByTime(300);
    step.fail(new Error('x'));
    reporter.error(new Error('x'));
    await reporter.finish({ command: 'wait', status: 'failed', exitCode: 1, durationMs: 300 });
    expect(hasColour(io.stderr.text)).toBe(false);
    expect(io.stderr.text).toContain('\r\x1b[2K⠹ wait      Wait  0.2 s');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with --no-color writes no colour codes either', async () => {
    const io = fakeIo({}, { tty: true });
    const reporter = createReporter({ io, json: false, secrets: [], color: false });
    reporter.step('wait', 'Wait').done();
    reporter.warn('w');
    await reporter.finish({ command: 'wait', status: 'ok', exitCode: 0, durationMs: 0 });
    expect(hasColour(io.stderr.text)).toBe(false);
  });

  it('cuts the live line to the terminal width after redacting it', () => {
    const io = fakeIo({ NO_COLOR: '1' }, { tty: true });
    io.stderr.columns = 30;
    const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const reporter = createReporter({ io, json: false, secrets: [secret], now: () => Date.now() });
    reporter.step('build', `Build ${secret}`);
    vi.advanceTimersByTime(100);
    const last = io.stderr.chunks.at(-1) ?? '';
    expect([...last.replace('\r\x1b[2K', '')].length).toBeLessThanOrEqual(29);
    expect(last).toContain('Build ***');
    expect(last).not.toContain('abcdef');
    void reporter.finish({ command: 'build', status: 'ok', exitCode: 0, durationMs: 0 });
  });
});

describe("a command's own output", () => {
  it('goes to stdout redacted, and only under --json as JSON lines', async () => {
    const plain = fakeIo({});
    const reporter = createReporter({ io: plain, json: false, secrets: ['s3cr3t-value'] });
    reporter.output('web  1/1  token=s3cr3t-value\n');
    reporter.outputJson({ type: 'log', line: 'never shown' });
    expect(plain.stdout.text).toBe('web  1/1  token=***\n');

    const json = fakeIo({});
    const jsonReporter = createReporter({ io: json, json: true, secrets: ['s3cr3t-value'] });
    jsonReporter.output('a table for people\n');
    jsonReporter.outputJson({ type: 'log', line: 'token=s3cr3t-value' });
    await jsonReporter.finish({
      command: 'status',
      status: 'ok',
      exitCode: 0,
      durationMs: 1,
      data: { services: [{ name: 'web', note: 's3cr3t-value' }] },
    });
    const lines = json.stdout.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ type: 'log', line: 'token=***' });
    expect(lines[1]).toMatchObject({
      type: 'summary',
      data: { services: [{ name: 'web', note: '***' }] },
    });
    expect(json.stdout.text).not.toContain('a table for people');
  });
});
