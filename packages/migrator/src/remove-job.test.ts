import { describe, expect, it } from 'vitest';
import { orphanCleanup } from './remove-job.js';

describe('orphanCleanup', () => {
  it('has nothing to do for a replicated service or on Docker 24+', () => {
    expect(orphanCleanup({ kind: 'replicated', apiVersion: '1.41', containerId: 'c' })).toEqual({
      action: 'none',
    });
    expect(orphanCleanup({ kind: 'replicated-job', apiVersion: '1.43', containerId: 'c' })).toEqual(
      { action: 'none' },
    );
  });

  it("removes a replicated job's container before Docker 24, or says why it cannot", () => {
    expect(orphanCleanup({ kind: 'replicated-job', apiVersion: '1.41', containerId: 'c' })).toEqual(
      { action: 'remove-container', containerId: 'c' },
    );
    expect(
      orphanCleanup({ kind: 'replicated-job', apiVersion: '1.41', containerId: undefined }),
    ).toMatchObject({ action: 'report', reason: expect.stringContaining('moby/moby#44312') });
  });
});
