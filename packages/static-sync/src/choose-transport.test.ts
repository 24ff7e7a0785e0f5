import { describe, expect, it } from 'vitest';
import { chooseTransport } from './choose-transport.js';

describe('chooseTransport', () => {
  it('auto picks tar when the server has it, SFTP when not', () => {
    expect(chooseTransport('auto', true)).toBe('tar');
    expect(chooseTransport('auto', false)).toBe('sftp');
  });
  it('forced choices', () => {
    expect(chooseTransport('sftp', true)).toBe('sftp');
    expect(() => chooseTransport('tar', false)).toThrow(
      expect.objectContaining({ code: 'STATIC_TOOLS_MISSING' }),
    );
  });
});
