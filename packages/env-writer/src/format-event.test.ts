import { describe, expect, it } from 'vitest';
import type { EnvWriterEvent } from './events.js';
import { formatEvent } from './format-event.js';

describe('formatEvent', () => {
  it('prints a warning in core’s one warning format', () => {
    expect(
      formatEvent({
        type: 'warning',
        code: 'ENV_VALUE_QUOTED',
        key: 'C',
        message: 'C is wrapped in quotes; Docker keeps them as part of the value',
      }),
    ).toBe(
      'warning [ENV_VALUE_QUOTED] C is wrapped in quotes; Docker keeps them as part of the value',
    );
  });

  it('prints the written file with its variable names and duration, one line', () => {
    expect(
      formatEvent({
        type: 'env_file_written',
        path: '/srv/.env',
        keys: ['A', 'B'],
        durationMs: 3.4,
      }),
    ).toBe('wrote /srv/.env (2 variables: A, B) in 3 ms');
    expect(
      formatEvent({ type: 'env_file_written', path: '/srv/.env', keys: [], durationMs: 1200 }),
    ).toBe('wrote /srv/.env (0 variables) in 1.2 s');
  });

  it('returns undefined for an event it does not know', () => {
    expect(formatEvent({ type: 'something_else' } as unknown as EnvWriterEvent)).toBeUndefined();
  });
});
