import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionInputs } from './action-inputs.js';
import { actionMetadata, renderActionYml } from './action-yml.js';

const ACTION_YML = new URL('../../../action.yml', import.meta.url);

describe('action.yml', () => {
  const expected = renderActionYml(actionMetadata(actionInputs));

  it('is the one generated from the definitions (UPDATE_ACTION_YML=1 rewrites it)', () => {
    if (process.env.UPDATE_ACTION_YML === '1') writeFileSync(ACTION_YML, expected);
    expect(readFileSync(ACTION_YML, 'utf8')).toBe(expected);
  });

  it('runs the committed bundle on a Node runtime the runner has', () => {
    expect(expected).toMatch(/\n {2}using: node(20|24)\n {2}main: action\/dist\/index\.mjs\n$/);
  });

  it('declares the five outputs the CLI writes', () => {
    for (const name of ['version', 'image', 'digest', 'status', 'duration'])
      expect(expected).toContain(`\n  ${name}:\n    description: `);
  });

  it('marks the secret inputs as secrets and requires none (the CLI names what is missing)', () => {
    expect(expected).toMatch(/ssh-private-key:\n {4}description: "Secret\. /);
    expect(expected).toMatch(/registry-password:\n {4}description: "Secret\. /);
    expect(expected).not.toContain('required: true');
  });
});
