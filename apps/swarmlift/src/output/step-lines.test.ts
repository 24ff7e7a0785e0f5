import { describe, expect, it } from 'vitest';
import { stepEndLine, stepStartLine } from './step-lines.js';
import { createStyle } from './style.js';

describe('step lines', () => {
  it('writes the start line with the id padded', () => {
    expect(stepStartLine('build', 'Build and push the image')).toBe(
      '→ build     Build and push the image',
    );
  });

  it('writes each kind of end line', () => {
    const base = { id: 'build' as const, title: 'Build', durationMs: 4100 };
    expect(stepEndLine({ ...base, status: 'done', detail: 'pushed sha256:ab12' })).toBe(
      '✓ build     pushed sha256:ab12 (4.1 s)',
    );
    expect(stepEndLine({ ...base, status: 'done' })).toBe('✓ build     Build (4.1 s)');
    expect(
      stepEndLine({ ...base, id: 'static', status: 'skipped', detail: 'COLLECTSTATIC=off' }),
    ).toBe('– static    skipped: COLLECTSTATIC=off');
    expect(
      stepEndLine({ ...base, id: 'wait', status: 'failed', errorCode: 'STACK_TASK_FAILED' }),
    ).toBe('✗ wait      failed [STACK_TASK_FAILED] (4.1 s)');
    expect(stepEndLine({ ...base, id: 'settings', status: 'running' })).toBe(
      '! settings  did not finish (4.1 s)',
    );
  });

  it('colours only the marks and the duration', () => {
    const line = stepEndLine(
      { id: 'build', title: 'B', durationMs: 100, status: 'done' },
      createStyle(true),
    );
    expect(line).toBe('\x1b[32m✓\x1b[39m build     B \x1b[2m(0.1 s)\x1b[22m');
  });
});
