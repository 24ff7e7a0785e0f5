import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionInputs, settingsWithoutInput } from './action-inputs.js';
import { actionOutputs } from './action-yml.js';
import { inputsTable, normalizeTables, outputsTable, replaceSection } from './inputs-table.js';

const README = new URL('../README.md', import.meta.url);

describe('README', () => {
  it('has the inputs and outputs tables generated from the definitions (UPDATE_README=1 rewrites them)', () => {
    const text = readFileSync(README, 'utf8');
    let expected = replaceSection(text, 'inputs', inputsTable(actionInputs));
    expected = replaceSection(expected, 'outputs', outputsTable(actionOutputs));
    if (process.env.UPDATE_README === '1') writeFileSync(README, expected);
    expect(normalizeTables(readFileSync(README, 'utf8'))).toBe(normalizeTables(expected));
  });

  it('names every setting left without an input', () => {
    const text = readFileSync(README, 'utf8');
    for (const name of Object.keys(settingsWithoutInput)) expect(text).toContain(name);
  });
});

describe('normalizeTables', () => {
  it('reads padded and plain tables alike', () => {
    expect(normalizeTables('| a   | b |\n| --- | ----- |\n| `x` | y \\| z |')).toBe(
      '| a | b |\n| --- | --- |\n| `x` | y \\| z |',
    );
  });
});

describe('replaceSection', () => {
  it('replaces what is between the markers and fails without them', () => {
    expect(replaceSection('a\n<!-- x:start -->\nold\n<!-- x:end -->\nb', 'x', 'new')).toBe(
      'a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb',
    );
    expect(() => replaceSection('none', 'x', 'new')).toThrow(/no <!-- x:start -->/);
  });
});
