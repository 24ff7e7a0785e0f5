import { describe, expect, it } from 'vitest';
import { appConstraints } from './app-constraints.js';

describe('appConstraints', () => {
  it("takes the app service's placement constraints as they are", () => {
    expect(
      appConstraints({
        TaskTemplate: {
          Placement: { Constraints: ['node.role == worker', 'node.labels.zone == a'] },
        },
      }),
    ).toEqual(['node.role == worker', 'node.labels.zone == a']);
  });

  it('is empty without placement, and ignores what is not a constraint', () => {
    expect(appConstraints({ TaskTemplate: {} })).toEqual([]);
    expect(appConstraints(undefined)).toEqual([]);
    expect(appConstraints({ TaskTemplate: { Placement: { Constraints: 'x' } } })).toEqual([]);
    expect(
      appConstraints({
        TaskTemplate: { Placement: { Constraints: ['', 3, 'node.role==worker'] } },
      }),
    ).toEqual(['node.role==worker']);
  });
});
