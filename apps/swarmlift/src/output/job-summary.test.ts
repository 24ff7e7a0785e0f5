import { describe, expect, it } from 'vitest';
import { jobSummaryMarkdown, markdownCell, markdownCode } from './job-summary.js';

describe('jobSummaryMarkdown', () => {
  it('writes the outcome, facts, steps and services of a deploy', () => {
    expect(
      jobSummaryMarkdown({
        command: 'deploy',
        status: 'deployed',
        exitCode: 0,
        durationMs: 42_000,
        stack: 'shop',
        version: 'abc1234',
        image: 'ghcr.io/acme/shop/django-app:abc1234',
        digest: 'sha256:0f0f',
        staticRelease: 'abc1234',
        migrations: ['app.0002_hits', 'app.0003_more'],
        services: [
          { name: 'shop_django', action: 'updated', image: 'ghcr.io/acme/shop/django-app:abc1234' },
          { name: 'shop_redis', action: 'unchanged' },
        ],
        steps: [
          {
            id: 'build',
            title: 'Build and push',
            status: 'done',
            durationMs: 4100,
            detail: 'pushed sha256:0f0f',
          },
          {
            id: 'static',
            title: 'Static files',
            status: 'skipped',
            durationMs: 0,
            detail: 'COLLECTSTATIC=off',
          },
        ],
      }),
    ).toBe(
      [
        '### ✅ swarmlift deploy — shop: deployed',
        '',
        '- **Version**: `abc1234`',
        '- **Image**: `ghcr.io/acme/shop/django-app:abc1234`',
        '- **Digest**: `sha256:0f0f`',
        '- **Static release**: `abc1234`',
        '- **Duration**: 42.0 s',
        '- **Exit code**: 0',
        '- **Migrations**: `app.0002_hits`, `app.0003_more`',
        '',
        '| Step | Status | Duration | Result |',
        '| --- | --- | --- | --- |',
        '| Build and push | ✅ done | 4.1 s | pushed sha256:0f0f |',
        '| Static files | ⏭️ skipped | 0.0 s | COLLECTSTATIC=off |',
        '',
        '| Service | Action | Image |',
        '| --- | --- | --- |',
        '| shop_django | updated | `ghcr.io/acme/shop/django-app:abc1234` |',
        '| shop_redis | unchanged |  |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('gives the error code and message and what serves on failure — one line, no logs', () => {
    const markdown = jobSummaryMarkdown({
      command: 'deploy',
      status: 'failed',
      exitCode: 1,
      durationMs: 1000,
      serving: 'fedcba9',
      error: {
        code: 'STACK_TASK_FAILED',
        message: 'django: task exited 3\nTraceback…',
        hint: 'see the log',
      },
      steps: [{ id: 'wait', title: 'Wait', status: 'failed', durationMs: 1000 }],
    });
    expect(markdown).toContain('### ❌ swarmlift deploy: failed');
    expect(markdown).toContain('> **Error** `STACK_TASK_FAILED`: django: task exited 3\n');
    expect(markdown).toContain('> see the log');
    expect(markdown).toContain('**Serving now**: fedcba9');
    expect(markdown).toContain('| Wait | ❌ failed | 1.0 s |  |');
    expect(markdown).not.toContain('Traceback');
  });

  it('escapes what would break a table or inject HTML, and bounds long text', () => {
    expect(markdownCell('a | b\n<script>`x`')).toBe("a \\| b &lt;script&gt;'x'");
    expect(markdownCell('x'.repeat(400))).toHaveLength(300);
    expect(markdownCode('a`b|c')).toBe("`a'b|c`");
    expect(markdownCode('a|c', true)).toBe('`a\\|c`');
  });
});
