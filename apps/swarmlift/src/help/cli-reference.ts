import {
  type CommandDefinition,
  commands,
  exitCodeTable,
  type FlagDefinition,
  type SettingDefinition,
  type SettingGroup,
  settingGroupTitles,
  settings,
} from '../commands/definitions.js';
import { exitCodesMarkdown, globalFlagsMarkdown, settingsMarkdown } from './markdown-tables.js';

/** How to regenerate docs/cli.md; printed in the file and by its test. */
export const CLI_REFERENCE_UPDATE =
  'UPDATE_DOCS=1 pnpm --filter swarmlift exec vitest run --project unit src/help/cli-reference.test.ts';

/** Prose for markdown: `<version>` would be read as an HTML tag and vanish. */
const text = (value: string) => value.replace(/</g, '&lt;');
const cell = (value: string) => text(value).replace(/\|/g, '\\|');
const code = (value: string) => `\`${value.replace(/\|/g, '\\|')}\``;

/**
 * docs/cli.md: the whole CLI reference — every command (usage, arguments,
 * flags, what it does in order, the settings it reads, examples, exit codes),
 * the global flags, every setting and the exit codes — generated from the
 * same definitions as `--help`, so the two cannot disagree.
 */
export function cliReferenceMarkdown(): string {
  const runnable = commands.filter((c) => c.name !== 'help' && c.name !== 'version');
  const parts = [
    '# The `swarmlift` command: reference',
    '',
    `<!-- Generated from apps/swarmlift/src/commands/definitions.ts (the same definitions as \`swarmlift --help\`); do not edit by hand. Regenerate: ${CLI_REFERENCE_UPDATE} -->`,
    '',
    'Every command, flag, setting and exit code of `swarmlift`, as `swarmlift --help` and `swarmlift COMMAND --help` print them. To start, read [getting-started.md](getting-started.md); for the day-to-day commands, [operating.md](operating.md); for an error code, [troubleshooting.md](troubleshooting.md).',
    '',
    '```text',
    'swarmlift COMMAND [flags]',
    'swarmlift COMMAND --help     # what COMMAND does, its flags and the settings it reads',
    '```',
    '',
    'The same, from the command itself (the docs check runs this and looks for every command):',
    '',
    `\`\`\`sh test ${commands
      .filter((c) => c.name !== 'help' && c.name !== 'version')
      .map((c) => `expect=${c.name}`)
      .join(' ')}`,
    'npx swarmlift --help',
    '```',
    '',
    '## Commands',
    '',
    '| Command | What it does |',
    '|---|---|',
    ...runnable.map((c) => `| [${code(c.usage)}](#swarmlift-${c.name}) | ${cell(c.summary)} |`),
    '',
    '`swarmlift help COMMAND` is the same as `swarmlift COMMAND --help`; `swarmlift version` (or `--version`) prints the version.',
    '',
    ...runnable.flatMap((c) => commandSection(c)),
    '## Global flags',
    '',
    'Every command accepts these.',
    '',
    globalFlagsMarkdown(),
    '',
    '## Settings',
    '',
    "Each setting is an environment variable (the guide's GitHub secrets and workflow variables); most are also a flag and a key in an optional `swarmlift.config.json`, `swarmlift.config.yaml` or `swarmlift.config.yml` in the repository root (or `--config FILE`). **Flags win over the environment, the environment over the config file, the config file over the defaults.** An empty variable counts as unset. Secrets are read from the environment only — never a flag (every process can read argv), never the config file (it is committed) — and every line swarmlift prints has them replaced by `***`. Every problem is reported at once (exit 2), naming the setting, never its value. A command reads only the settings listed in its section above.",
    '',
    settingsMarkdown()
      .split('\n')
      .map((line) => (line.startsWith('|') ? line.replace(/<(?=[a-z])/g, '&lt;') : line))
      .join('\n'),
    '',
    '## Exit codes',
    '',
    'The same numbers for every command (and for the bins of the `@swarmlift/*` packages); each command section lists the ones it can end with. [troubleshooting.md](troubleshooting.md) lists every error code with what to do.',
    '',
    exitCodesMarkdown(),
    '',
  ];
  return parts.join('\n');
}

function commandSection(command: CommandDefinition): string[] {
  const lines = [
    `### swarmlift ${command.name}`,
    '',
    text(command.summary),
    '',
    '```text',
    command.usage,
    '```',
    '',
    'What it does, in order:',
    '',
    ...command.steps.map((step, index) => `${index + 1}. ${text(step)}`),
    '',
  ];
  if (command.args && command.args.length > 0) {
    lines.push('| Argument | Required | Meaning |', '|---|---|---|');
    for (const arg of command.args) {
      const choices = arg.choices ? ` One of ${arg.choices.map(code).join(', ')}.` : '';
      lines.push(
        `| ${code(arg.name)} | ${arg.required ? 'yes' : 'no'} | ${cell(arg.description)}${choices} |`,
      );
    }
    lines.push('');
  }
  if (command.takesRest) {
    lines.push('Everything after `--` is passed on as it is.', '');
  }
  if (command.flags.length > 0) {
    lines.push('| Flag | What it does |', '|---|---|', ...command.flags.map(flagRow), '');
  }
  const read = settings.filter((s) => s.readBy.includes(command.name));
  if (read.length > 0) lines.push(...settingsOf(command, read));
  lines.push(
    'Examples:',
    '',
    '```sh',
    ...command.examples.map((e) => `${e.command}    # ${e.description}`),
    '```',
    '',
    `Exit codes: ${exitCodeTable
      .filter((e) => command.exitCodes.includes(e.code))
      .map((e) => `${e.code} (${e.name.replace('_', ' ')})`)
      .join(', ')}.`,
    '',
  );
  return lines;
}

function flagRow(flag: FlagDefinition): string {
  const name = `${flag.short ? `${flag.short}, ` : ''}${flag.name}${flag.valueName ? ` ${flag.valueName}` : ''}`;
  return `| ${code(name)} | ${cell(flag.description)} |`;
}

function settingsOf(command: CommandDefinition, read: readonly SettingDefinition[]): string[] {
  const lines = ['Settings it reads (required ones in bold):', ''];
  if (command.needsTarget) {
    lines.push(
      '`SWARM_MANAGER_IP` (over SSH) or `DOCKER_HOST` is required: the engine to work with.',
      '',
    );
  }
  const groups = [...new Set(read.map((s) => s.group))] as SettingGroup[];
  lines.push('| Setting | Flag | Default | Kind |', '|---|---|---|---|');
  for (const group of groups) {
    for (const setting of read.filter((s) => s.group === group)) {
      const required = setting.requiredBy.includes(command.name) && setting.default === undefined;
      const name = required ? `**${code(setting.name)}**` : code(setting.name);
      lines.push(
        `| ${name} | ${setting.flag ? code(`${setting.flag} ${setting.valueName ?? 'VALUE'}`) : '—'} | ${setting.default === undefined ? '—' : code(setting.default)} | ${cell(settingGroupTitles[group])}${setting.secret ? ' (secret)' : ''} |`,
      );
    }
  }
  lines.push('');
  return lines;
}
