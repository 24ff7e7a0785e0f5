import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, exitCodeTable, globalFlags, settings } from '../commands/definitions.js';
import { CLI_REFERENCE_UPDATE, cliReferenceMarkdown } from './cli-reference.js';

const CLI_MD = new URL('../../../../docs/cli.md', import.meta.url);

describe('docs/cli.md', () => {
  if (process.env.UPDATE_DOCS === '1') writeFileSync(CLI_MD, cliReferenceMarkdown());
  const page = readFileSync(CLI_MD, 'utf8');

  it('is what definitions.ts generates (the same definitions as --help)', () => {
    // On failure: regenerate with the command below and commit docs/cli.md.
    expect(page, `docs/cli.md is out of date: ${CLI_REFERENCE_UPDATE}`).toBe(
      cliReferenceMarkdown(),
    );
  });

  it('has a section for every command with its usage, steps, examples and exit codes', () => {
    for (const command of commands.filter((c) => c.name !== 'help' && c.name !== 'version')) {
      const start = page.indexOf(`### swarmlift ${command.name}\n`);
      expect(start, `no section for ${command.name}`).toBeGreaterThan(-1);
      const end = page.indexOf('\n### ', start + 1);
      const section = page.slice(start, end === -1 ? undefined : end);
      expect(section).toContain(command.usage);
      expect(section).toContain(`${command.steps.length}. `);
      for (const example of command.examples) expect(section).toContain(example.command);
      for (const exit of command.exitCodes) expect(section).toMatch(new RegExp(`\\b${exit} \\(`));
      for (const flag of command.flags) expect(section).toContain(flag.name);
    }
  });

  it('lists every setting, global flag and exit code', () => {
    for (const setting of settings)
      expect(page).toMatch(new RegExp(`^\\| \`${setting.name}\``, 'm'));
    for (const flag of globalFlags) expect(page).toContain(flag.name);
    for (const exit of exitCodeTable)
      expect(page).toMatch(new RegExp(`^\\| ${exit.code} \\| `, 'm'));
  });

  it('keeps <placeholders> visible (escaped outside code)', () => {
    const prose = page.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/<(?!!--)[a-z]/);
  });
});
