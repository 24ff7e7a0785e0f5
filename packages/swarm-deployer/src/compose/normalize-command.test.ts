import { describe, expect, it } from 'vitest';
import { normalizeCommand } from './normalize-command.js';

describe('normalizeCommand', () => {
  it('splits a string as a shell would and keeps a list as written', () => {
    expect(normalizeCommand(`sh -c 'echo "hi there"'`, ['c'])).toEqual({
      value: ['sh', '-c', 'echo "hi there"'],
      problems: [],
    });
    expect(normalizeCommand(['echo', 'a b'], ['c'])).toEqual({
      value: ['echo', 'a b'],
      problems: [],
    });
  });

  it('null and undefined mean "not set"', () => {
    expect(normalizeCommand(null, ['c'])).toEqual({ value: undefined, problems: [] });
    expect(normalizeCommand(undefined, ['c'])).toEqual({ value: undefined, problems: [] });
  });

  it('an unclosed quote is a problem at the path', () => {
    expect(normalizeCommand(`echo 'oops`, ['services', 'web', 'command'])).toEqual({
      value: undefined,
      problems: [
        { path: ['services', 'web', 'command'], message: 'unclosed quote or trailing backslash' },
      ],
    });
  });
});
