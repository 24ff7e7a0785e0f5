import { UsageError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './parse-command-line.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (UsageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('reads the command, global flags and setting flags in any order', () => {
    const line = parseCommandLine([
      '--json',
      'deploy',
      '--stack',
      'shop',
      '--lock-wait=5m',
      '--config',
      'x.yaml',
      '--cwd',
      '/repo',
      '--no-color',
    ]);
    expect(line).toEqual({
      command: 'deploy',
      help: false,
      version: false,
      json: true,
      noColor: true,
      flags: { STACK_NAME: 'shop', LOCK_WAIT: '5m' },
      options: {},
      configPath: 'x.yaml',
      cwd: '/repo',
      positionals: [],
      rest: [],
    });
  });

  it('joins repeatable flags with newlines', () => {
    const line = parseCommandLine([
      'build',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B=2',
      '--compose-file',
      'a.yml',
    ]);
    expect(line.flags).toEqual({ BUILD_ARGS: 'A=1\nB=2', COMPOSE_FILE: 'a.yml' });
  });

  it('takes everything after -- for manage', () => {
    const line = parseCommandLine(['manage', '--stack', 's', '--', 'createsuperuser', '--noinput']);
    expect(line.command).toBe('manage');
    expect(line.rest).toEqual(['createsuperuser', '--noinput']);
  });

  it('reads command flags into options', () => {
    expect(parseCommandLine(['migrate', '--check']).options).toEqual({ check: true });
    expect(parseCommandLine(['unlock', '--force']).options).toEqual({ force: true });
  });

  it('reads help and version in every form', () => {
    expect(parseCommandLine([])).toMatchObject({ command: undefined, help: false });
    expect(parseCommandLine(['--help'])).toMatchObject({ command: undefined, help: true });
    expect(parseCommandLine(['-h'])).toMatchObject({ help: true });
    expect(parseCommandLine(['deploy', '-h'])).toMatchObject({ command: 'deploy', help: true });
    expect(parseCommandLine(['help', 'migrate'])).toMatchObject({ command: 'migrate', help: true });
    expect(parseCommandLine(['help'])).toMatchObject({ command: undefined, help: true });
    expect(parseCommandLine(['--version'])).toMatchObject({ version: true });
    expect(parseCommandLine(['version'])).toMatchObject({ version: true });
    // help does not need manage's arguments or unlock's --force
    expect(parseCommandLine(['manage', '--help'])).toMatchObject({ command: 'manage', help: true });
    expect(parseCommandLine(['unlock', '--help'])).toMatchObject({ command: 'unlock', help: true });
  });

  it('names an unknown command, with a suggestion', () => {
    const error = usageError(['delpoy']);
    expect(error.message).toBe('unknown command "delpoy" (did you mean deploy?)');
    expect(usageError(['help', 'mgirate']).message).toContain('did you mean migrate?');
  });

  it('names an unknown flag, with a suggestion', () => {
    expect(usageError(['deploy', '--stak', 'x']).message).toBe(
      'unknown flag --stak (did you mean --stack?)',
    );
    expect(usageError(['deploy', '--frobnicate']).message).toBe('unknown flag --frobnicate');
    expect(usageError(['deploy', '-x']).message).toBe('unknown flag -x');
  });

  it('refuses a secret as a flag without echoing anything', () => {
    const error = usageError(['deploy', '--secret-key=hunter2hunter2']);
    expect(error.message).toContain('SECRET_KEY is a secret');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a flag the command does not take', () => {
    expect(usageError(['env', '--migrate', 'off']).message).toBe(
      '--migrate is not a flag of swarmlift env (it sets MIGRATE, which env does not read)',
    );
    expect(usageError(['deploy', '--force']).message).toBe(
      '--force is not a flag of swarmlift deploy',
    );
  });

  it('refuses malformed flags and arguments', () => {
    expect(usageError(['deploy', '--stack']).message).toBe('--stack needs a value');
    expect(usageError(['deploy', '--stack', '--json']).message).toBe('--stack needs a value');
    expect(usageError(['deploy', '--json=1']).message).toBe('--json takes no value');
    expect(usageError(['deploy', '--stack', 'a', '--stack', 'b']).message).toBe(
      '--stack is given twice',
    );
    expect(usageError(['deploy', 'plan']).message).toContain('give one command at a time');
    expect(usageError(['manage', 'migrate']).message).toContain('swarmlift manage -- migrate');
    expect(usageError(['manage']).message).toContain('needs a manage.py command');
    expect(usageError(['deploy', '--', 'x']).message).toContain('takes no arguments after --');
    expect(usageError(['unlock']).message).toContain('--force');
    expect(usageError(['migrate', '--check', '--plan']).message).toContain('not both');
  });

  it('attaches the command usage to its errors', () => {
    expect(usageError(['unlock']).usage).toBe('swarmlift unlock --force [flags]');
  });

  describe("commands' arguments and flags with values", () => {
    it('reads a command flag with a value and its short form', () => {
      const line = parseCommandLine(['logs', 'edge', '-f', '--since', '10m', '-n', '50']);
      expect(line.positionals).toEqual(['edge']);
      expect(line.options).toEqual({ follow: true, since: '10m', tail: '50' });
    });

    it('resolves a short flag by its command (-n is --limit for history, --tail for logs)', () => {
      expect(parseCommandLine(['history', '-n', '3']).options).toEqual({ limit: '3' });
      expect(parseCommandLine(['logs', '-n', '3']).options).toEqual({ tail: '3' });
    });

    it('refuses a short flag of another command', () => {
      expect(usageError(['status', '-f']).message).toContain('unknown flag -f');
    });

    it('takes an optional argument and refuses a second one', () => {
      expect(parseCommandLine(['rollback', '1a2b3c4']).positionals).toEqual(['1a2b3c4']);
      expect(parseCommandLine(['rollback']).positionals).toEqual([]);
      expect(usageError(['rollback', 'a', 'b']).message).toContain('unexpected argument "b"');
    });

    it('requires an argument with fixed values and names them', () => {
      expect(usageError(['lock']).message).toBe('lock needs ACTION');
      expect(usageError(['lock', 'aquire']).message).toContain(
        'ACTION must be one of status, acquire, release, not "aquire"',
      );
      expect(parseCommandLine(['lock', 'acquire', '-m', 'db work']).options).toEqual({
        message: 'db work',
      });
    });

    it('does not take a flag as the value of the one before it', () => {
      expect(usageError(['logs', '--since', '-f']).message).toBe('--since needs a value');
    });
  });
});
