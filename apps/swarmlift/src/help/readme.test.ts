import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, exitCodeTable, globalFlags, settings } from '../commands/definitions.js';
import {
  commandsMarkdown,
  exitCodesMarkdown,
  globalFlagsMarkdown,
  settingsMarkdown,
} from './markdown-tables.js';

const README = new URL('../../README.md', import.meta.url);

const blocks: Record<string, () => string> = {
  commands: commandsMarkdown,
  settings: settingsMarkdown,
  'global-flags': globalFlagsMarkdown,
  'exit-codes': exitCodesMarkdown,
};

/** The README's generated block `name`: the text between its start and end markers. */
function blockPattern(name: string): RegExp {
  return new RegExp(
    `(<!-- generated:${name} [^\\n]*-->\\n)([\\s\\S]*?)(\\n<!-- /generated:${name} -->)`,
  );
}

/**
 * Markdown tables as cells, so the README may be laid out by a formatter
 * (padded columns, longer separator rows) and still match what is generated.
 */
function normalizeTables(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line
        .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .map((cell) => (/^:?-+:?$/.test(cell) ? '---' : cell));
      return `| ${cells.join(' | ')} |`;
    })
    .join('\n');
}

describe('README.md', () => {
  if (process.env.UPDATE_README === '1') {
    let text = readFileSync(README, 'utf8');
    for (const [name, render] of Object.entries(blocks)) {
      text = text.replace(blockPattern(name), (_, start, _old, end) => `${start}${render()}${end}`);
    }
    writeFileSync(README, text);
  }
  const readme = normalizeTables(readFileSync(README, 'utf8'));

  for (const [name, render] of Object.entries(blocks)) {
    it(`has the ${name} table as definitions.ts generates it`, () => {
      const match = blockPattern(name).exec(readme);
      expect(match, `no generated:${name} block`).not.toBeNull();
      expect(match?.[2]).toBe(normalizeTables(render()));
    });
  }

  it('mentions every command, setting, global flag and exit code', () => {
    for (const command of commands.filter((c) => c.name !== 'help' && c.name !== 'version')) {
      expect(readme).toContain(`swarmlift ${command.name}`);
    }
    for (const setting of settings) {
      expect(readme).toMatch(new RegExp(`^\\| \`${setting.name}\``, 'm'));
      if (setting.flag) expect(readme).toContain(setting.flag);
      if (setting.configKey) expect(readme).toContain(`\`${setting.configKey}\``);
    }
    for (const flag of globalFlags) expect(readme).toContain(flag.name);
    for (const exit of exitCodeTable) {
      expect(readme).toMatch(new RegExp(`^\\| ${exit.code} \\| `, 'm'));
    }
  });

  it('has sections for the pipeline, usage, GitHub Actions and dependencies', () => {
    for (const heading of [
      '## What `swarmlift deploy` does, in order',
      '## Install and run',
      '## Commands',
      '## Settings',
      '## Exit codes',
      '## GitHub Actions',
      '## Dependencies',
    ]) {
      expect(readme).toContain(heading);
    }
  });
});
