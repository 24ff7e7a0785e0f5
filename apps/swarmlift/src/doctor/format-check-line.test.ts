import { describe, expect, it } from 'vitest';
import { checkJson } from './check-result.js';
import { doctorConclusion, formatCheckLines } from './format-check-line.js';

describe('formatCheckLines', () => {
  it('one ✓ line for a pass, without the hint', () => {
    expect(
      formatCheckLines({ id: 'ssh', title: 'SSH ok', status: 'ok', message: 'fine', hint: 'x' }),
    ).toEqual(['✓ ssh            SSH ok: fine']);
  });
  it('a ✗ line and the hint under it for a failure; – and "skipped" for a skip', () => {
    expect(
      formatCheckLines({
        id: 'database',
        title: 'DB',
        status: 'failed',
        message: 'no',
        hint: 'fix',
      }),
    ).toEqual(['✗ database       DB: no', '                 → fix']);
    expect(
      formatCheckLines({ id: 'engine', title: 'Engine', status: 'skipped', message: 'needs ssh' }),
    ).toEqual(['– engine         Engine: skipped, needs ssh']);
  });
});

describe('doctorConclusion', () => {
  const r = (id: 'ssh' | 'engine' | 'compose', status: 'ok' | 'failed' | 'skipped') => ({
    id,
    title: id,
    status,
    message: '',
  });
  it('counts and names', () => {
    expect(doctorConclusion([r('ssh', 'ok'), r('compose', 'ok')])).toBe(
      'All 2 checks passed: a deploy can work.',
    );
    expect(doctorConclusion([r('ssh', 'failed'), r('engine', 'skipped'), r('compose', 'ok')])).toBe(
      '1 of 3 checks passed; failed: ssh; skipped: engine.',
    );
  });
});

describe('checkJson', () => {
  it('id, ok, status, title, message and hint when there is one', () => {
    expect(
      checkJson({ id: 'compose', title: 't', status: 'failed', message: 'm', hint: 'h' }),
    ).toEqual({ id: 'compose', ok: false, status: 'failed', title: 't', message: 'm', hint: 'h' });
    expect(checkJson({ id: 'compose', title: 't', status: 'ok', message: 'm' })).toEqual({
      id: 'compose',
      ok: true,
      status: 'ok',
      title: 't',
      message: 'm',
    });
  });
});
