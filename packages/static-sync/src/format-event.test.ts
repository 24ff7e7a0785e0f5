import { describe, expect, it } from 'vitest';
import type { StaticSyncEvent } from './events.js';
import { formatEvent } from './format-event.js';

describe('formatEvent', () => {
  it('prints one line per event shown at normal verbosity', () => {
    const events: StaticSyncEvent[] = [
      { type: 'collect_started', mode: 'image', image: 'reg/app:abc1234' },
      { type: 'collect_started', mode: 'host' },
      { type: 'collect_finished', mode: 'host', files: 1, bytes: 2_500, durationMs: 1_200 },
      {
        type: 'sync_planned',
        host: 'deploy@web:22',
        release: 'abc1234',
        previous: undefined,
        uploadFiles: 120,
        uploadBytes: 3_400_000,
        reusedFiles: 0,
        removedFiles: 0,
        transport: 'tar',
      },
      { type: 'upload_finished', host: 'web', files: 120, sentBytes: 900_000, durationMs: 850 },
      { type: 'release_reused', host: 'web', release: 'a' },
      { type: 'release_staged', host: 'web', release: 'a' },
      { type: 'static_migrated', host: 'web', legacyRelease: 'legacy-20260101T000000Z' },
      { type: 'release_switched', host: 'web', release: 'b', previous: 'a' },
      { type: 'release_already_live', host: 'web', release: 'b' },
      { type: 'releases_pruned', host: 'web', releases: ['x', 'y'] },
      { type: 'staged_release_discarded', host: 'web', release: 'b' },
      {
        type: 'warning',
        code: 'STATIC_PRUNE_FAILED',
        message: 'Old releases (x) could not be removed\nmore',
        host: 'web',
        release: 'b',
      },
    ];
    const lines = events.map(formatEvent);
    expect(lines).toEqual([
      'collectstatic in reg/app:abc1234',
      'collectstatic on this machine',
      'collected 1 file (2.5 kB) in 1.2 s',
      'deploy@web:22: release abc1234: 120 files to upload (3.4 MB, tar), 0 reused, 0 removed, since no release',
      'web: uploaded 120 files (900.0 kB sent) in 850 ms',
      'web: release a is already there with these files',
      'web: release a staged',
      'web: the plain static folder became release legacy-20260101T000000Z',
      'web: static now serves release b (was a)',
      'web: static already serves release b',
      'web: removed old releases x, y',
      'web: staged release b removed again',
      'warning [STATIC_PRUNE_FAILED] Old releases (x) could not be removed …',
    ]);
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('hides upload progress', () => {
    expect(formatEvent({ type: 'upload_progress', host: 'web', sentBytes: 1 })).toBeUndefined();
  });
});
