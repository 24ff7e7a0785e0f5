import { describe, expect, it } from 'vitest';
import { DockerignoreMatcher, goClean, parseDockerignore } from './dockerignore.js';

describe('parseDockerignore', () => {
  it('reads the file as the Docker CLI does', () => {
    const text =
      '\uFEFF# comment\n  node_modules/  \n\n/abs/path\n!  keep.txt\n ./a/../b/\n  # not a comment\r\n**/*.pyc\n';
    expect(parseDockerignore(text)).toEqual([
      'node_modules',
      'abs/path',
      '!keep.txt',
      'b',
      '# not a comment',
      '**/*.pyc',
    ]);
  });

  it('cleans like Go filepath.Clean', () => {
    expect(goClean('a//b/./c/')).toBe('a/b/c');
    expect(goClean('/')).toBe('/');
    expect(goClean('')).toBe('.');
    expect(goClean('../x')).toBe('../x');
  });
});

describe('DockerignoreMatcher', () => {
  const table: Array<[patterns: string[], path: string, excluded: boolean]> = [
    [['*.pyc'], 'a.pyc', true],
    [['*.pyc'], 'dir/a.pyc', false], // `*` does not cross `/`
    [['**/*.pyc'], 'dir/sub/a.pyc', true],
    [['**/*.pyc'], 'a.pyc', true],
    [['**.txt'], 'deep/x/notes.txt', true], // leading `**`: a plain suffix match
    [['node_modules'], 'node_modules/x/y.js', true], // a matched folder covers its contents
    [['docs/**'], 'docs', false],
    [['docs/**'], 'docs/a/b', true],
    [['foo**'], 'foobar/x', true],
    [['?.txt'], 'a.txt', true],
    [['?.txt'], 'ab.txt', false],
    [['[a-c].txt'], 'b.txt', true],
    [['[^a-c].txt'], 'b.txt', false],
    [['[^a-c].txt'], 'd.txt', true],
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['*.md', '!README.md', 'README.md'], 'README.md', true], // the last match wins
    [['Secret.txt'], 'secret.txt', false], // case-sensitive
    [['file(1).txt'], 'file(1).txt', true], // regexp characters are literal
    [['file(1).txt'], 'file1.txt', false],
    [['c++'], 'c++', true],
    [['a|b'], 'a', false],
    [['a.b'], 'axb', false],
    [['\\*star'], '*star', true],
    [['\\*star'], 'xstar', false],
    [['x]'], 'x]', true],
  ];
  it.each(table)('%j on %s → excluded %s', (patterns, path, excluded) => {
    expect(new DockerignoreMatcher(patterns).excludes(path)).toBe(excluded);
  });

  it('keeps the per-pattern results a child needs (Docker re-evaluates only some patterns)', () => {
    const matcher = new DockerignoreMatcher(['foo', '!foo/bar', 'foo']);
    const dir = matcher.match('foo');
    expect(dir.excluded).toBe(true);
    // Docker skipped the third pattern for `foo` (already excluded), so `foo/bar` is not re-excluded by it.
    expect(matcher.match('foo/bar', dir.matches).excluded).toBe(false);
    // Without parent results every pattern is checked against every ancestor.
    expect(matcher.excludes('foo/bar')).toBe(true);
  });

  it('knows when an excluded folder must still be walked', () => {
    const matcher = new DockerignoreMatcher(['vendor', '!vendor/keep/this.txt']);
    expect(matcher.hasExceptionBelow('vendor')).toBe(true);
    expect(matcher.hasExceptionBelow('vendor/keep')).toBe(true);
    expect(matcher.hasExceptionBelow('other')).toBe(false);
  });

  it.each([['!'], ['[abc'], ['a\\'], ['[]a]']])('rejects the invalid pattern %s', (pattern) => {
    expect(() => new DockerignoreMatcher([pattern])).toThrow(
      expect.objectContaining({ code: 'IMAGE_CONTEXT_INVALID' }),
    );
  });
});
