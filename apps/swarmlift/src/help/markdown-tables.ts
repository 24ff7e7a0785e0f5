import {
  commands,
  exitCodeTable,
  globalFlags,
  type SettingGroup,
  settingGroupTitles,
  settings,
} from '../commands/definitions.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${cell(text)}\``;

/** The README's settings tables (one per group), generated from the definitions. */
export function settingsMarkdown(): string {
  const groups = Object.keys(settingGroupTitles) as SettingGroup[];
  return groups
    .map((group) => {
      const rows = settings
        .filter((s) => s.group === group)
        .map((s) => {
          const required = s.default === undefined ? s.requiredBy.join(', ') : '';
          return `| ${code(s.name)}${s.secret ? ' (secret)' : ''} | ${s.flag ? code(`${s.flag} ${s.valueName ?? 'VALUE'}`) : '—'} | ${s.configKey ? code(s.configKey) : '—'} | ${s.default === undefined ? '—' : code(s.default)} | ${required || '—'} | ${cell(s.description)} |`;
        });
      return [
        `**${settingGroupTitles[group]}**`,
        '',
        '| Variable | Flag | Config key | Default | Required by | Description |',
        '|---|---|---|---|---|---|',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

/** The README's command table. */
export function commandsMarkdown(): string {
  const rows = commands
    .filter((c) => c.name !== 'help' && c.name !== 'version')
    .map((c) => `| ${code(c.usage)} | ${cell(c.summary)} |`);
  return ['| Command | What it does |', '|---|---|', ...rows].join('\n');
}

/** The README's exit-code table. */
export function exitCodesMarkdown(): string {
  const rows = exitCodeTable.map((e) => `| ${e.code} | ${cell(e.description)} |`);
  return ['| Code | Meaning |', '|---|---|', ...rows].join('\n');
}

/** The README's global-flag table. */
export function globalFlagsMarkdown(): string {
  const rows = globalFlags.map(
    (f) =>
      `| ${code(`${f.short ? `${f.short}, ` : ''}${f.name}${f.valueName ? ` ${f.valueName}` : ''}`)} | ${cell(f.description)} |`,
  );
  return ['| Flag | What it does |', '|---|---|', ...rows].join('\n');
}
