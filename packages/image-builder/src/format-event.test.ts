import { describe, expect, it } from 'vitest';
import type { ImageBuilderEvent } from './events.js';
import { formatEvent } from './format-event.js';

describe('formatEvent', () => {
  it('one line per shown event', () => {
    const lines = (
      [
        { type: 'registry_checked', image: 'r.io/a/b:1a2b3c4', exists: false, durationMs: 12 },
        { type: 'build_context', files: 3, bytes: 2_900_000 },
        { type: 'build_step', step: 2, total: 5, instruction: 'COPY . /app' },
        {
          type: 'build_done',
          imageId: 'sha256:0123456789abcdef0123',
          tags: ['r.io/a/b:1a2b3c4', 'r.io/a/b:latest'],
          durationMs: 1234,
        },
        { type: 'push_done', image: 'r.io/a/b:1a2b3c4', digest: 'sha256:beef', durationMs: 300 },
        {
          type: 'build_skipped',
          image: 'r.io/a/b:1a2b3c4',
          digest: 'sha256:beef',
          reason: 'tag_exists',
        },
        {
          type: 'warning',
          code: 'IMAGE_BUILD_WARNING',
          message: 'One or more build-args [X] were not consumed',
          step: 1,
        },
      ] satisfies ImageBuilderEvent[]
    ).map(formatEvent);
    expect(lines).toEqual([
      'r.io/a/b:1a2b3c4: not in the registry yet (checked in 12 ms)',
      'build context: 3 entries, 2.9 MB sent',
      'step 2/5: COPY . /app',
      'built 0123456789ab as r.io/a/b:1a2b3c4, r.io/a/b:latest in 1.2 s',
      'pushed r.io/a/b:1a2b3c4 (sha256:beef) in 300 ms',
      'r.io/a/b:1a2b3c4: the registry has this tag (sha256:beef); nothing built or pushed',
      'warning [IMAGE_BUILD_WARNING] One or more build-args [X] were not consumed',
    ]);
    for (const line of lines) expect(line).not.toMatch(/\n/);
  });

  it('hides what is not shown at normal verbosity', () => {
    expect(formatEvent({ type: 'build_output', step: 1, line: 'x' })).toBeUndefined();
    expect(formatEvent({ type: 'build_step_cached', step: 1 })).toBeUndefined();
    expect(
      formatEvent({ type: 'push_layer', image: 'a:b', layer: 'abc', status: 'Pushing' }),
    ).toBeUndefined();
  });
});
