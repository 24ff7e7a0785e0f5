import { describe, expect, it } from 'vitest';
import {
  assertReleaseName,
  assertSafeRelativePath,
  assertTarget,
  isBelowAny,
} from './safe-path.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('assertSafeRelativePath', () => {
  it.each(['css/base.css', 'admin/js/vendor/jquery/jquery.min.js', 'a..b/c', '.well-known/x'])(
    'accepts %s',
    (path) => {
      expect(codeOf(() => assertSafeRelativePath(path, 'test'))).toBeUndefined();
    },
  );
  it.each([
    '',
    '../etc/passwd',
    'css/../../x',
    '/etc/passwd',
    'a//b',
    './a',
    'a/.',
    'tab\there',
    'new\nline',
    'back\\slash',
  ])('refuses %j', (path) => {
    expect(codeOf(() => assertSafeRelativePath(path, 'test'))).toBe('STATIC_PATH_INVALID');
  });
});

describe('assertReleaseName', () => {
  it('accepts short SHAs and dotted versions', () => {
    for (const name of ['a1b2c3d', 'v1.2.3', 'release_7-b']) {
      expect(codeOf(() => assertReleaseName(name))).toBeUndefined();
    }
  });
  it('refuses names that could leave releases/ or hide', () => {
    for (const name of ['', '..', '../x', 'a/b', '.hidden', 'a..b', 'x'.repeat(129), 'sp ace']) {
      expect(codeOf(() => assertReleaseName(name))).toBe('STATIC_RELEASE_INVALID');
    }
  });
});

describe('assertTarget', () => {
  const allowed = ['/srv', '/var/www'];
  it('normalizes trailing slashes', () => {
    expect(assertTarget('/srv/app/', allowed)).toBe('/srv/app');
  });
  it('names what is wrong', () => {
    expect(codeOf(() => assertTarget('srv/app', allowed))).toBe('STATIC_TARGET_INVALID');
    expect(codeOf(() => assertTarget('/srv/app/../../etc', allowed))).toBe('STATIC_TARGET_INVALID');
    expect(codeOf(() => assertTarget('/srv', allowed))).toBe('STATIC_TARGET_NOT_ALLOWED');
    expect(codeOf(() => assertTarget('/srvx/app', allowed))).toBe('STATIC_TARGET_NOT_ALLOWED');
    expect(codeOf(() => assertTarget('/etc/nginx', allowed))).toBe('STATIC_TARGET_NOT_ALLOWED');
  });
  it('isBelowAny needs a strict sub-folder', () => {
    expect(isBelowAny('/srv/a', ['/srv/'])).toBe(true);
    expect(isBelowAny('/srv', ['/srv'])).toBe(false);
    expect(isBelowAny('/anything', ['/'])).toBe(false);
  });
});
