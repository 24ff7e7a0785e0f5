import { describe, expect, it } from 'vitest';
import { detectMode } from './detect-mode.js';

describe('detectMode', () => {
  it('uses a live line and colour on a terminal outside CI', () => {
    expect(detectMode({ env: {}, isTTY: true })).toEqual({
      tty: true,
      color: true,
      github: false,
      debug: false,
    });
  });

  it('prints plain lines without colour when not a terminal', () => {
    expect(detectMode({ env: {}, isTTY: false })).toEqual({
      tty: false,
      color: false,
      github: false,
      debug: false,
    });
    expect(detectMode({ env: {}, isTTY: undefined }).tty).toBe(false);
  });

  it('prints plain lines in CI even on a terminal, and with TERM=dumb', () => {
    expect(detectMode({ env: { CI: 'true' }, isTTY: true }).tty).toBe(false);
    expect(detectMode({ env: { CI: '1' }, isTTY: true }).tty).toBe(false);
    expect(detectMode({ env: { CI: 'false' }, isTTY: true }).tty).toBe(true);
    expect(detectMode({ env: { TERM: 'dumb' }, isTTY: true })).toMatchObject({
      tty: false,
      color: false,
    });
  });

  it('recognises GitHub Actions (plain lines, colour on)', () => {
    expect(detectMode({ env: { GITHUB_ACTIONS: 'true', CI: 'true' }, isTTY: false })).toEqual({
      tty: false,
      color: true,
      github: true,
      debug: false,
    });
    expect(detectMode({ env: { GITHUB_ACTIONS: 'false' }, isTTY: false }).github).toBe(false);
  });

  it('turns colour off with NO_COLOR or --no-color, whatever else says', () => {
    expect(detectMode({ env: { NO_COLOR: '1' }, isTTY: true })).toMatchObject({
      tty: true,
      color: false,
    });
    expect(detectMode({ env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: true }).color).toBe(false);
    expect(detectMode({ env: {}, isTTY: true, color: false })).toMatchObject({
      tty: true,
      color: false,
    });
    expect(detectMode({ env: { GITHUB_ACTIONS: 'true', NO_COLOR: 'x' }, isTTY: false }).color).toBe(
      false,
    );
    // An empty NO_COLOR does not count (no-color.org).
    expect(detectMode({ env: { NO_COLOR: '' }, isTTY: true }).color).toBe(true);
  });

  it('forces colour with FORCE_COLOR, and FORCE_COLOR=0 turns it off', () => {
    expect(detectMode({ env: { FORCE_COLOR: '1' }, isTTY: false }).color).toBe(true);
    expect(detectMode({ env: { FORCE_COLOR: '0' }, isTTY: true }).color).toBe(false);
  });

  it('reads SWARMLIFT_DEBUG=1', () => {
    expect(detectMode({ env: { SWARMLIFT_DEBUG: '1' }, isTTY: false }).debug).toBe(true);
    expect(detectMode({ env: { SWARMLIFT_DEBUG: 'yes' }, isTTY: false }).debug).toBe(false);
  });
});
