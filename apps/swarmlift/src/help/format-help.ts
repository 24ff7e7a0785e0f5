import {
  type CommandDefinition,
  commandDefinition,
  commands,
  exitCodeTable,
  type FlagDefinition,
  globalFlags,
  type SettingDefinition,
  type SettingGroup,
  settingGroupTitles,
  settings,
} from '../commands/definitions.js';
import { columns, wrap } from './wrap.js';

const TAGLINE =
  'swarmlift — deploy a Django app (or any web app) to Docker Swarm from CI in one command: build and push, static files, env file, stack deploy with registry auth, wait, migrate, record.';

/**
 * The help text, generated from the command definitions: the general help
 * (commands, global flags, settings' order, exit codes) without `command`, or
 * one command's (usage, what it does in order, its flags, the settings it
 * reads with defaults and which are required, examples, exit codes). Plain
 * text, at most 100 columns, ending with a newline. An unknown command gives
 * the general help.
 */
export function formatHelp(command?: string): string {
  const definition = command === undefined ? undefined : commandDefinition(command);
  const text = definition && definition.name !== 'help' ? commandHelp(definition) : generalHelp();
  return `${text}\n`;
}

function generalHelp(): string {
  const runnable = commands.filter((c) => c.name !== 'help' && c.name !== 'version');
  const sections = [
    wrap(TAGLINE),
    [
      'Usage:',
      '  swarmlift COMMAND [flags]',
      '  swarmlift COMMAND --help     what COMMAND does, its flags and the settings it reads',
    ].join('\n'),
    `Commands:\n${columns(runnable.map((c) => [c.name, c.summary]))}`,
    `Global flags (every command):\n${flagRows(globalFlags)}`,
    [
      'Settings:',
      wrap(
        "Each setting is an environment variable (the guide's GitHub secrets and workflow variables), most also a flag and a key in swarmlift.config.json or .yaml (optional). Flags win over the environment, the environment over the config file, the config file over the defaults. Secrets are read from the environment only. Every problem is reported at once, naming the setting, never its value.",
        { indent: '  ' },
      ),
      wrap(`All settings: ${settings.map((s) => s.name).join(', ')}.`, { indent: '  ' }),
    ].join('\n'),
    `Exit codes:\n${exitCodeRows(exitCodeTable.map((e) => e.code))}`,
    'Run `swarmlift COMMAND --help` for one command, e.g. swarmlift deploy --help.',
  ];
  return sections.join('\n\n');
}

function commandHelp(command: CommandDefinition): string {
  const sections = [
    wrap(`swarmlift ${command.name} — ${command.summary}`),
    `Usage:\n  ${command.usage}`,
    `What it does, in order:\n${command.steps
      .map((step, index) => wrap(step, { first: `  ${index + 1}. `.padEnd(6), indent: '      ' }))
      .join('\n')}`,
  ];
  if (command.args && command.args.length > 0) {
    sections.push(
      `Arguments:\n${columns(
        command.args.map((arg) => [
          arg.required ? `    ${arg.name}` : `    [${arg.name}]`,
          arg.description,
        ]),
      )}`,
    );
  }
  if (command.flags.length > 0) sections.push(`Flags:\n${flagRows(command.flags)}`);
  const read = settings.filter((s) => s.readBy.includes(command.name));
  if (read.length > 0) sections.push(settingsSection(command, read));
  sections.push(
    wrap(
      `Global flags: ${globalFlags
        .map((f) => (f.valueName ? `${f.name} ${f.valueName}` : f.name))
        .join(', ')} (see swarmlift --help).`,
    ),
  );
  sections.push(
    `Examples:\n${command.examples
      .map((e) => `  ${e.command}\n${wrap(e.description, { indent: '      ' })}`)
      .join('\n')}`,
  );
  sections.push(`Exit codes:\n${exitCodeRows(command.exitCodes)}`);
  return sections.join('\n\n');
}

function settingsSection(command: CommandDefinition, read: readonly SettingDefinition[]): string {
  const lines = [
    wrap(
      'Settings it reads (environment variable; flag; key in swarmlift.config.{json,yaml}). Flags > environment > config file > default. * = required.',
    ),
  ];
  if (command.needsTarget) {
    lines.push(
      wrap('SWARM_MANAGER_IP (over SSH) or DOCKER_HOST is required: the engine to work with.', {
        indent: '  ',
      }),
    );
  }
  const groups = [...new Set(read.map((s) => s.group))] as SettingGroup[];
  for (const group of groups) {
    lines.push(`  ${settingGroupTitles[group]}:`);
    for (const setting of read.filter((s) => s.group === group)) {
      // A required setting with a default (GITHUB_SHA → git) is not starred: it need not be set.
      const required = setting.requiredBy.includes(command.name) && setting.default === undefined;
      lines.push(settingLines(setting, required));
    }
  }
  return lines.join('\n');
}

function settingLines(setting: SettingDefinition, required: boolean): string {
  const facts: string[] = [];
  if (setting.flag) facts.push(`${setting.flag} ${setting.valueName ?? 'VALUE'}`);
  if (setting.configKey) facts.push(`config: ${setting.configKey}`);
  if (setting.secret) facts.push('secret, environment only');
  if (setting.default !== undefined) facts.push(`default: ${setting.default}`);
  const head = wrap(facts.join('; '), {
    first: `    ${setting.name}${required ? ' *' : ''}   `,
    indent: '        ',
  });
  return `${head}\n${wrap(setting.description, { indent: '        ' })}`;
}

function flagRows(flags: readonly FlagDefinition[]): string {
  return columns(
    flags.map((flag) => {
      const name = flag.short ? `${flag.short}, ${flag.name}` : `    ${flag.name}`;
      return [flag.valueName ? `${name} ${flag.valueName}` : name, flag.description];
    }),
  );
}

function exitCodeRows(codes: readonly number[]): string {
  return columns(
    exitCodeTable.filter((e) => codes.includes(e.code)).map((e) => [String(e.code), e.description]),
  );
}
