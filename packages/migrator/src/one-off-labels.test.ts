import { ONE_OFF_LABEL } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { ONE_OFF_NAME_LABEL, oneOffLabels } from './one-off-labels.js';

describe('oneOffLabels', () => {
  it('labels the run with its stack and name, never with the stack namespace', () => {
    const labels = oneOffLabels({ stack: 'shop', name: 'migrate', labels: { team: 'web' } });
    expect(labels).toEqual({
      team: 'web',
      [ONE_OFF_LABEL]: 'shop',
      [ONE_OFF_NAME_LABEL]: 'migrate',
    });
    expect(Object.keys(labels)).not.toContain('com.docker.stack.namespace');
  });

  it("has an empty stack value without a stack, and keeps its own labels over the caller's", () => {
    expect(
      oneOffLabels({ stack: undefined, name: 'one-off', labels: { [ONE_OFF_LABEL]: 'other' } }),
    ).toEqual({ [ONE_OFF_LABEL]: '', [ONE_OFF_NAME_LABEL]: 'one-off' });
  });
});
