import { describe, expect, it } from 'vitest';
import { createMaskDeduper } from './mask-dedupe.js';

describe('createMaskDeduper', () => {
  it('drops mask lines already issued, keeps new ones once, passes the rest', () => {
    const deduper = createMaskDeduper(['known', 'a%b']);
    expect(
      deduper.filter('::add-mask::known\n::add-mask::a%25b\n::add-mask::new\n::add-mask::new\n'),
    ).toBe('::add-mask::new\n');
    expect(deduper.filter('::add-mask::new\n')).toBe('');
    expect(deduper.filter('→ build     Build\n::group::x\n')).toBe(
      '→ build     Build\n::group::x\n',
    );
  });

  it('never drops a line that only mentions a mask', () => {
    const deduper = createMaskDeduper(['known']);
    expect(deduper.filter('text ::add-mask::known\n')).toBe('text ::add-mask::known\n');
    expect(deduper.filter('::add-mask::known')).toBe('::add-mask::known');
  });
});
