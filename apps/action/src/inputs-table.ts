import type { ActionInput } from './action-inputs.js';
import type { ActionOutput } from './action-yml.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's table of inputs: name, setting, whether secret, description. */
export function inputsTable(inputs: readonly ActionInput[]): string {
  const rows = inputs.map(
    (input) =>
      `| \`${input.name}\` | ${input.setting ? `\`${input.setting}\`` : '—'} | ${input.secret ? 'yes' : ''} | ${cell(input.description)} |`,
  );
  return ['| input | setting | secret | description |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** The README's table of outputs. */
export function outputsTable(outputs: readonly ActionOutput[]): string {
  const rows = outputs.map((output) => `| \`${output.name}\` | ${cell(output.description)} |`);
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

/** `text` with the part between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced by `body`. */
export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) throw new Error(`the README has no ${start} … ${end} section`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/**
 * Markdown tables as cells, so the README may be laid out by the formatter
 * (biome pads the columns) and still match what is generated.
 */
export function normalizeTables(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const body = line.trimEnd();
      const cells = body
        .slice(1, body.endsWith('|') ? body.length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .map((cell) => (/^:?-+:?$/.test(cell) ? '---' : cell));
      return `| ${cells.join(' | ')} |`;
    })
    .join('\n');
}
