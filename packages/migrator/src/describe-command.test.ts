import { describe, expect, it } from 'vitest';
import { describeCommand } from './describe-command.js';

describe('describeCommand', () => {
  it('quotes the arguments a shell would split', () => {
    expect(describeCommand(['sh', '-c', "echo 'a b'; exit 3"])).toBe(
      `sh -c 'echo '\\''a b'\\''; exit 3'`,
    );
    expect(describeCommand(['python', 'manage.py', 'migrate', '--noinput'])).toBe(
      'python manage.py migrate --noinput',
    );
  });

  it('still says something for what no shell can take', () => {
    expect(describeCommand([])).toBe('[]');
    expect(describeCommand(['a\0b'])).toBe('["a\\u0000b"]');
  });
});
