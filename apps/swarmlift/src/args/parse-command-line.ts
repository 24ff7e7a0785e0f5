import { UsageError } from '@swarmlift/core';
import {
  type CommandDefinition,
  type CommandName,
  commandDefinition,
  commandNames,
  commands,
  globalFlags,
  type SettingName,
  settings,
} from '../commands/definitions.js';
import { suggestion } from './did-you-mean.js';

/** What the command line asks for, before any setting is read or checked. */
export interface CommandLine {
  /**
   * The command to run; undefined when none was given (show the general help).
   * `swarmlift help deploy` gives `deploy` with `help: true`; `swarmlift version`
   * gives `version: true`.
   */
  command: Exclude<CommandName, 'help' | 'version'> | undefined;
  /** `-h`, `--help` or `swarmlift help [COMMAND]`. */
  help: boolean;
  /** `--version` or `swarmlift version`. */
  version: boolean;
  /** `--json`. */
  json: boolean;
  /** `--no-color`. */
  noColor: boolean;
  /** Setting overrides from flags, by setting name (`--stack x` → `{ STACK_NAME: 'x' }`); repeatable flags are joined with newlines. */
  flags: Partial<Record<SettingName, string>>;
  /**
   * The command's own flags, without dashes: booleans as `true` (`{ force: true }`),
   * flags with a value as the string given (`{ since: '10m' }`).
   */
  options: Record<string, string | boolean>;
  /** `--config FILE` as given (relative to the process's folder). */
  configPath: string | undefined;
  /** `--cwd DIR` as given. */
  cwd: string | undefined;
  /** Arguments that are neither flags nor the command, as the command's `args` define them (`rollback VERSION`). */
  positionals: string[];
  /** Everything after `--` (manage.py's arguments for `manage`). */
  rest: string[];
}

interface FlagSpec {
  /** Takes a value. */
  value: boolean;
  repeatable: boolean;
  /** The setting it sets, if any. */
  setting?: SettingName;
  /** Which commands accept it; undefined = every command. */
  commands?: ReadonlySet<CommandName>;
  /** A command's own boolean flag: its key in `options`. */
  option?: string;
}

let flagTable: Map<string, FlagSpec> | undefined;

/** Every flag the CLI knows, with what it takes and which commands accept it. */
function allFlags(): Map<string, FlagSpec> {
  if (flagTable) return flagTable;
  const table = new Map<string, FlagSpec>();
  for (const flag of globalFlags) {
    table.set(flag.name, { value: flag.valueName !== undefined, repeatable: false });
    if (flag.short) table.set(flag.short, { value: false, repeatable: false });
  }
  for (const setting of settings) {
    if (!setting.flag) continue;
    const existing = table.get(setting.flag);
    if (existing) {
      // A global flag that also sets a setting (--lock-wait).
      existing.setting = setting.name;
      continue;
    }
    table.set(setting.flag, {
      value: true,
      repeatable: setting.repeatable ?? false,
      setting: setting.name,
      commands: new Set(setting.readBy),
    });
  }
  for (const command of commands) {
    for (const flag of command.flags) {
      const existing = table.get(flag.name);
      if (existing?.commands) {
        (existing.commands as Set<CommandName>).add(command.name);
        if (flag.short) table.set(`${command.name} ${flag.short}`, existing);
        continue;
      }
      const spec: FlagSpec = {
        value: flag.valueName !== undefined,
        repeatable: false,
        option: flag.name.replace(/^--/, ''),
        commands: new Set([command.name]),
      };
      table.set(flag.name, spec);
      // A command's short flag means something in that command only (-n is
      // history's --limit and logs' --tail), so it is looked up with the command.
      if (flag.short) table.set(`${command.name} ${flag.short}`, spec);
    }
  }
  flagTable = table;
  return table;
}

interface FlagUse {
  name: string;
  value: string | undefined;
  spec: FlagSpec;
}

/**
 * Reads `swarmlift [global flags] COMMAND [flags] [-- args]` (flags may come
 * before or after the command). Checks only the shape of the command line:
 * an unknown command or flag, a flag the command does not take, a missing
 * value or an unexpected argument is a `UsageError` naming it, with a
 * "did you mean" when one is close. Setting values are checked later, by
 * `loadSettings`.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const table = allFlags();
  const uses: FlagUse[] = [];
  const words: string[] = [];
  let rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === '--') {
      rest = argv.slice(index + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const spec =
      table.get(name) ?? (isShort(name) ? table.get(`${commandOf(words[0])} ${name}`) : undefined);
    if (!spec) throw unknownFlag(name, words[0]);
    if (!spec.value) {
      if (equals !== -1) throw new UsageError(`${name} takes no value`);
      uses.push({ name, value: undefined, spec });
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      const next = argv[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new UsageError(`${name} needs a value`, usageOf(words[0]));
      }
      value = next;
      index++;
    }
    uses.push({ name, value, spec });
  }

  const line: CommandLine = {
    command: undefined,
    help: false,
    version: false,
    json: false,
    noColor: false,
    flags: {},
    options: {},
    configPath: undefined,
    cwd: undefined,
    positionals: [],
    rest,
  };

  const [first, ...others] = words;
  let definition: CommandDefinition | undefined;
  if (first !== undefined) {
    definition = commandDefinition(first);
    if (!definition) {
      throw new UsageError(
        `unknown command ${JSON.stringify(first)}${suggestion(first, commandNames)}`,
        { usage: 'swarmlift COMMAND [flags]; see swarmlift --help' },
      );
    }
    if (definition.name === 'help') {
      line.help = true;
      const topic = others.shift();
      if (topic !== undefined) {
        const target = commandDefinition(topic);
        if (!target) {
          throw new UsageError(
            `unknown command ${JSON.stringify(topic)}${suggestion(topic, commandNames)}`,
            { usage: 'swarmlift help [COMMAND]' },
          );
        }
        if (target.name === 'version') line.version = true;
        else if (target.name !== 'help') line.command = target.name;
      }
    } else if (definition.name === 'version') {
      line.version = true;
    } else {
      line.command = definition.name;
    }
  }
  line.positionals = others;

  const seen = new Set<string>();
  for (const use of uses) {
    const canonical = use.spec.option
      ? `--${use.spec.option}`
      : use.name === '-h'
        ? '--help'
        : use.name;
    if (seen.has(canonical) && !use.spec.repeatable) {
      throw new UsageError(`${canonical} is given twice`, usageOf(line.command));
    }
    seen.add(canonical);
    if (use.spec.commands && line.command !== undefined && !use.spec.commands.has(line.command)) {
      const what = use.spec.setting
        ? ` (it sets ${use.spec.setting}, which ${line.command} does not read)`
        : '';
      throw new UsageError(
        `${use.name} is not a flag of swarmlift ${line.command}${what}`,
        usageOf(line.command),
      );
    }
    switch (canonical) {
      case '--help':
        line.help = true;
        continue;
      case '--version':
        line.version = true;
        continue;
      case '--json':
        line.json = true;
        continue;
      case '--no-color':
        line.noColor = true;
        continue;
      case '--config':
        line.configPath = use.value;
        continue;
      case '--cwd':
        line.cwd = use.value;
        continue;
    }
    if (use.spec.setting) {
      const previous = line.flags[use.spec.setting];
      line.flags[use.spec.setting] =
        previous === undefined ? (use.value as string) : `${previous}\n${use.value as string}`;
    } else if (use.spec.option) {
      line.options[use.spec.option] = use.value ?? true;
    }
  }

  if (line.help || line.version) return line;
  checkArguments(line, definition);
  const allowed = definition?.args?.length ?? 0;
  if (line.positionals.length > allowed) {
    const extra = line.positionals[allowed] as string;
    const hint =
      line.command === 'manage'
        ? `; put manage.py's arguments after --: swarmlift manage -- ${line.positionals.join(' ')}`
        : line.command === undefined
          ? ''
          : commandDefinition(extra)
            ? '; give one command at a time'
            : '';
    throw new UsageError(
      `unexpected argument ${JSON.stringify(extra)}${hint}`,
      usageOf(line.command),
    );
  }
  if (line.rest.length > 0 && line.command !== undefined && !definition?.takesRest) {
    throw new UsageError(
      `swarmlift ${line.command} takes no arguments after --`,
      usageOf(line.command),
    );
  }
  if (line.command === 'manage' && line.rest.length === 0) {
    throw new UsageError(
      'manage needs a manage.py command after --, e.g. swarmlift manage -- showmigrations',
      usageOf('manage'),
    );
  }
  if (line.command === 'unlock' && !line.options.force) {
    throw new UsageError(
      'unlock removes a lock another deploy may still hold; confirm with --force',
      usageOf('unlock'),
    );
  }
  if (line.command === 'migrate' && line.options.check && line.options.plan) {
    throw new UsageError('give --check or --plan, not both', usageOf('migrate'));
  }
  return line;
}

function isShort(name: string): boolean {
  return /^-[a-zA-Z]$/.test(name);
}

/** The command a word names (`help` itself when it is `help`), for command-scoped short flags. */
function commandOf(word: string | undefined): string | undefined {
  return word === undefined ? undefined : commandDefinition(word)?.name;
}

/** Required arguments are there; an argument with a fixed set of values has one of them. */
function checkArguments(line: CommandLine, definition: CommandDefinition | undefined): void {
  for (const [index, arg] of (definition?.args ?? []).entries()) {
    const value = line.positionals[index];
    if (value === undefined) {
      if (arg.required) {
        throw new UsageError(`${definition?.name} needs ${arg.name}`, usageOf(definition?.name));
      }
      continue;
    }
    if (arg.choices && !arg.choices.includes(value)) {
      throw new UsageError(
        `${arg.name} must be one of ${arg.choices.join(', ')}, not ${JSON.stringify(value)}${suggestion(value, arg.choices)}`,
        usageOf(definition?.name),
      );
    }
  }
}

function usageOf(command: string | undefined): { usage: string } {
  const definition = command === undefined ? undefined : commandDefinition(command);
  return {
    usage: definition ? definition.usage : 'swarmlift COMMAND [flags]; see swarmlift --help',
  };
}

function unknownFlag(name: string, commandWord: string | undefined): UsageError {
  const command = commandWord === undefined ? undefined : commandDefinition(commandWord);
  const candidates = [...allFlags().entries()]
    .filter(([, spec]) => !spec.commands || !command || spec.commands.has(command.name))
    .map(([flag]) => flag);
  const settingName = name.replace(/^-+/, '').toUpperCase().replace(/-/g, '_');
  const secret = settings.find((setting) => setting.name === settingName && setting.secret);
  const hint = secret
    ? ` (${secret.name} is a secret: set it in the environment, never on the command line)`
    : suggestion(name, candidates);
  return new UsageError(`unknown flag ${name}${hint}`, usageOf(command?.name));
}
