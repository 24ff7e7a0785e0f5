import { posix } from 'node:path';
import { ImageBuilderError } from './errors.js';

/**
 * `.dockerignore` as the Docker CLI reads it (moby/patternmatcher `ignorefile`):
 * a leading BOM is dropped, lines starting with `#` are comments, each pattern is
 * trimmed, cleaned like Go's `filepath.Clean`, and a leading `/` is removed.
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/** Go's `path.Clean`: `.`/`..` resolved, duplicate and trailing slashes removed, `""` → `"."`. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const cleaned = posix.normalize(path);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export interface DockerignorePattern {
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  /** True for `!pattern`: an exception that re-includes what earlier patterns excluded. */
  readonly exclusion: boolean;
  readonly kind: MatchKind;
  readonly regexp: RegExp | undefined;
}

/** Per-pattern results for a directory, handed to its entries (Docker's `MatchInfo`). */
export type ParentMatches = readonly boolean[] | undefined;

/**
 * The pattern matcher Docker's build context uses (moby/patternmatcher),
 * re-implemented: case-sensitive, `*` and `?` stop at `/`, `**` spans
 * directories, `[…]` classes, `\` escapes, and a pattern that matches a
 * directory matches everything below it. The last matching pattern wins.
 */
export class DockerignoreMatcher {
  readonly patterns: readonly DockerignorePattern[];
  readonly hasExclusions: boolean;

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.flatMap((raw) => {
      let text = raw.trim();
      if (text === '') return [];
      text = goClean(text);
      let exclusion = false;
      if (text.startsWith('!')) {
        if (text.length === 1) throw badPattern(raw, 'a lone "!" excludes nothing');
        exclusion = true;
        text = text.slice(1);
      }
      checkGlobSyntax(raw, text);
      return [{ text, exclusion, ...compile(raw, text) }];
    });
    this.hasExclusions = this.patterns.some((pattern) => pattern.exclusion);
  }

  /**
   * Whether `path` (slash-separated, relative to the context) is excluded,
   * with the per-pattern results its children need. Mirrors Docker's
   * `MatchesUsingParentResults`, including which patterns it re-evaluates.
   */
  match(path: string, parent?: ParentMatches): { excluded: boolean; matches: boolean[] } {
    let excluded = false;
    const matches = this.patterns.map(() => false);
    this.patterns.forEach((pattern, index) => {
      let match = parent?.[index] ?? false;
      if (!match) {
        // An include cannot change an excluded path, nor an exception an included one.
        if (pattern.exclusion !== excluded) return;
        match = matchOne(pattern, path);
        if (!match && parent === undefined)
          match = ancestors(path).some((dir) => matchOne(pattern, dir));
      }
      matches[index] = match;
      if (match) excluded = !pattern.exclusion;
    });
    return { excluded, matches };
  }

  /** Docker's `MatchesOrParentMatches`: `path` or any of its parent directories decides. */
  excludes(path: string): boolean {
    return this.match(goClean(path)).excluded;
  }

  /** An exception (`!dir/keep`) below `dir` means an excluded `dir` must still be walked. */
  hasExceptionBelow(dir: string): boolean {
    const prefix = `${dir}/`;
    return this.patterns.some(
      (pattern) => pattern.exclusion && `${pattern.text}/`.startsWith(prefix),
    );
  }
}

function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

function matchOne(pattern: DockerignorePattern, path: string): boolean {
  switch (pattern.kind) {
    case 'exact':
      return path === pattern.text;
    case 'prefix':
      return path.startsWith(pattern.text.slice(0, -2));
    case 'suffix': {
      const suffix = pattern.text.slice(2);
      return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp':
      return pattern.regexp?.test(path) ?? false;
  }
}

/** Characters that are special in a regular expression but plain in a Docker pattern. */
const ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

function compile(raw: string, text: string): { kind: MatchKind; regexp: RegExp | undefined } {
  const chars = Array.from(text);
  let source = '^';
  let kind: MatchKind = 'exact';
  let inClass = false;
  for (let i = 0, n = 0; i < chars.length; i++, n++) {
    const ch = chars[i] as string;
    if (ch === '*' && chars[i + 1] === '*') {
      i++;
      if (chars[i + 1] === '/') i++; // `**/` is `**`
      if (i + 1 >= chars.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          source += '.*';
          kind = 'regexp';
        }
      } else {
        source += '(?:.*/)?';
        kind = 'regexp';
      }
      if (n === 0) kind = 'suffix';
    } else if (ch === '*') {
      source += '[^/]*';
      kind = 'regexp';
    } else if (ch === '?') {
      source += '[^/]';
      kind = 'regexp';
    } else if (ESCAPE.has(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) source += '\\\\';
      else {
        i++;
        source += /[a-zA-Z0-9]/.test(next)
          ? `\\${next}`
          : `\\u{${next.codePointAt(0)?.toString(16)}}`;
        kind = 'regexp';
      }
    } else if (ch === '[' || ch === ']') {
      // A `]` outside a class is literal in Go's regexp but an error in JavaScript's.
      source += ch === ']' && !inClass ? '\\]' : ch;
      inClass = ch === '[' ? true : ch === ']' ? false : inClass;
      kind = 'regexp';
    } else {
      source += ch;
    }
  }
  if (kind !== 'regexp') return { kind, regexp: undefined };
  try {
    return { kind, regexp: new RegExp(`${source}$`, 'u') };
  } catch (error) {
    throw badPattern(raw, 'it is not a valid pattern', error);
  }
}

/** The checks Go's `filepath.Match` makes before Docker accepts a pattern. */
function checkGlobSyntax(raw: string, text: string): void {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\') {
      if (i + 1 >= chars.length) throw badPattern(raw, 'it ends with an escaping "\\"');
      i++;
    } else if (ch === '[') {
      let j = i + 1;
      if (chars[j] === '^') j++;
      if (chars[j] === ']') throw badPattern(raw, 'it has an empty character class "[]"');
      while (j < chars.length && chars[j] !== ']') {
        if (chars[j] === '\\') j++;
        j++;
      }
      if (j >= chars.length) throw badPattern(raw, 'a "[" character class is not closed');
      i = j;
    }
  }
}

function badPattern(raw: string, reason: string, cause?: unknown): ImageBuilderError {
  return new ImageBuilderError({
    code: 'IMAGE_CONTEXT_INVALID',
    message: `.dockerignore pattern ${JSON.stringify(raw)} is invalid: ${reason}`,
    hint: 'Fix the pattern in .dockerignore; the Docker CLI rejects it too.',
    cause,
  });
}
