import { describe, expect, it } from 'vitest';
import { decideWrites, writes } from './decide-writes.js';
import type { InitFile } from './init-files.js';

const setup: InitFile = {
  path: 'swarmlift.config.yaml',
  content: 'new',
  kind: 'setup',
  mode: 0o644,
};
const dockerfile: InitFile = {
  path: 'deployment/Dockerfile',
  content: 'FROM x',
  kind: 'if-missing',
  mode: 0o644,
};

describe('decideWrites', () => {
  it('creates what is missing', () => {
    expect(decideWrites([setup, dockerfile], new Map(), false).map((d) => d.action)).toEqual([
      'created',
      'created',
    ]);
  });

  it('keeps what exists without --force, and says how to replace it', () => {
    const existing = new Map([
      [setup.path, 'mine'],
      [dockerfile.path, 'FROM mine'],
    ]);
    const decisions = decideWrites([setup, dockerfile], existing, false);
    expect(decisions.map((d) => d.action)).toEqual(['kept', 'kept']);
    expect(decisions[1]?.reason).toContain('--force');
    expect(decisions.some((d) => writes(d.action))).toBe(false);
  });

  it('overwrites what exists with --force', () => {
    const existing = new Map([[dockerfile.path, 'FROM mine']]);
    expect(decideWrites([setup, dockerfile], existing, true).map((d) => d.action)).toEqual([
      'created',
      'overwritten',
    ]);
  });

  it('leaves a file that already has the content as it is, even with --force', () => {
    const decisions = decideWrites([setup], new Map([[setup.path, 'new']]), true);
    expect(decisions[0]?.action).toBe('unchanged');
    expect(writes('unchanged')).toBe(false);
  });
});
