import { describe, expect, it } from 'vitest';
import { commands, exitCodeTable, globalFlags, settings } from '../commands/definitions.js';
import { formatHelp } from './format-help.js';
import { columns, wrap } from './wrap.js';

const runnable = commands.filter((c) => c.name !== 'help' && c.name !== 'version');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

describe('formatHelp()', () => {
  const help = formatHelp();

  it('lists every command, global flag, setting and exit code', () => {
    for (const command of runnable) expect(help).toMatch(new RegExp(`^  ${command.name}\\s`, 'm'));
    for (const flag of globalFlags) expect(help).toContain(flag.name);
    for (const setting of settings) expect(help).toContain(setting.name);
    for (const exit of exitCodeTable) {
      expect(help).toMatch(
        new RegExp(`^  ${exit.code}\\s+${escapeRegExp(exit.description.slice(0, 20))}`, 'm'),
      );
    }
    expect(help).toContain('swarmlift COMMAND --help');
  });

  it('is plain text within 100 columns, ending with a newline', () => {
    expect(widest(help)).toBeLessThanOrEqual(100);
    expect(help.endsWith('\n')).toBe(true);
    expect(help.includes('\u001b')).toBe(false);
  });

  it('gives the general help for help and for an unknown command', () => {
    expect(formatHelp('help')).toBe(help);
    expect(formatHelp('nope')).toBe(help);
  });
});

describe('formatHelp(command)', () => {
  for (const command of runnable) {
    it(`documents ${command.name}: usage, steps, flags, settings, examples, exit codes`, () => {
      const text = formatHelp(command.name);
      expect(widest(text)).toBeLessThanOrEqual(100);
      expect(text).toContain(command.usage);
      expect(text).toContain('What it does, in order:');
      expect(text).toMatch(/^ {2}1\. /m);
      for (const flag of command.flags) expect(text).toContain(flag.name);
      for (const setting of settings.filter((s) => s.readBy.includes(command.name))) {
        expect(text).toMatch(new RegExp(`^ {4}${setting.name}( \\*)?( |$)`, 'm'));
        if (setting.flag) expect(text).toContain(setting.flag);
        if (setting.default) expect(text).toContain(setting.default.split(' ')[0] as string);
      }
      for (const setting of settings.filter((s) => !s.readBy.includes(command.name))) {
        expect(text).not.toMatch(new RegExp(`^ {4}${setting.name}( \\*)?( |$)`, 'm'));
      }
      for (const example of command.examples) expect(text).toContain(example.command);
      for (const code of command.exitCodes) expect(text).toMatch(new RegExp(`^  ${code}\\s`, 'm'));
    });
  }

  it('stars the settings a command requires', () => {
    const deploy = formatHelp('deploy');
    expect(deploy).toMatch(/^ {4}STACK_NAME \* /m);
    expect(deploy).toMatch(/^ {4}SECRET_KEY \* /m);
    expect(deploy).toMatch(/^ {4}REGISTRY {3}/m);
    // GITHUB_SHA has a default (git), so it need not be set.
    expect(deploy).toMatch(/^ {4}GITHUB_SHA {3}/m);
    expect(deploy).toContain('SWARM_MANAGER_IP (over SSH) or DOCKER_HOST is required');
    const env = formatHelp('env');
    expect(env).toMatch(/^ {4}SECRET_KEY \* /m);
    expect(env).not.toContain('SSH_PRIVATE_KEY');
    expect(env).not.toContain('DOCKER_HOST is required');
    expect(formatHelp('plan')).toMatch(/^ {4}SECRET_KEY {3}/m);
    expect(formatHelp('plan')).not.toContain('REGISTRY_PASSWORD *');
  });

  it('marks secrets as environment only', () => {
    expect(formatHelp('deploy')).toMatch(/SSH_PRIVATE_KEY {3}secret, environment only/);
  });
});

describe('wrap and columns', () => {
  it('wraps at word boundaries with an indent', () => {
    expect(wrap('aaa bbb ccc', { width: 7, indent: '  ' })).toBe('  aaa\n  bbb\n  ccc');
    expect(wrap('aaa bbb', { width: 20, first: '- ', indent: '  ' })).toBe('- aaa bbb');
    expect(wrap('averyveryverylongword', { width: 5 })).toBe('averyveryverylongword');
  });
  it('aligns labels and moves a long label’s text to the next line', () => {
    expect(
      columns([
        ['a', 'x'],
        ['bbb', 'y'],
      ]),
    ).toBe('  a    x\n  bbb  y');
    expect(
      columns(
        [
          ['a', 'x'],
          ['b'.repeat(40), 'y'],
        ],
        { maxLabel: 10 },
      ),
    ).toBe(`  a  x\n  ${'b'.repeat(40)}\n     y`);
  });
});
