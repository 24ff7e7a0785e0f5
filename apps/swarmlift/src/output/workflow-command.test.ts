import { describe, expect, it } from 'vitest';
import {
  escapeData,
  escapeProperty,
  guardCommands,
  looksLikeCommand,
  workflowCommand,
} from './workflow-command.js';

describe('workflow commands', () => {
  it('escapes data: %, CR, LF (the % first)', () => {
    expect(escapeData('100%\r\nnext %0A')).toBe('100%25%0D%0Anext %250A');
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('writes a command with properties, dropping empty ones', () => {
    expect(
      workflowCommand('error', 'line 1\nline 2', { title: 'WAIT_FAILED', file: undefined }),
    ).toBe('::error title=WAIT_FAILED::line 1%0Aline 2');
    expect(workflowCommand('group', 'build')).toBe('::group::build');
    expect(workflowCommand('add-mask', '50%')).toBe('::add-mask::50%25');
  });

  it('sees a command on any line, after spaces, after a bare CR, and the legacy ##[ form', () => {
    expect(looksLikeCommand('fine\n  ::set-output name=x::y')).toBe(true);
    expect(looksLikeCommand('fine\r::add-mask::x')).toBe(true);
    expect(looksLikeCommand('##[group]x')).toBe(true);
    expect(looksLikeCommand('a :: b\nc')).toBe(false);
  });

  it('wraps foreign text that contains a command in stop-commands, and leaves other text alone', () => {
    expect(guardCommands('plain\n')).toBe('plain\n');
    expect(guardCommands('log\n::endgroup::\n', () => 'tok123')).toBe(
      '::stop-commands::tok123\nlog\n::endgroup::\n::tok123::\n',
    );
    expect(guardCommands('::warning::x', () => 't')).toBe(
      '::stop-commands::t\n::warning::x\n::t::\n',
    );
  });

  it('uses a fresh unpredictable token each time', () => {
    const a = guardCommands('::x::y');
    const b = guardCommands('::x::y');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^::stop-commands::[0-9a-f]{32}\n::x::y\n::[0-9a-f]{32}::\n$/);
  });
});
