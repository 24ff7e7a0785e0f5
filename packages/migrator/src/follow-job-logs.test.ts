import { describe, expect, it } from 'vitest';
import { completeLogSource } from './follow-job-logs.js';

describe('completeLogSource', () => {
  it("reads the container's own log when the task ran on this API's node", () => {
    expect(completeLogSource({ containerId: 'c1', taskNodeId: 'n1', localNodeId: 'n1' })).toBe(
      'container',
    );
  });

  it("goes through the service's log elsewhere, or when something is unknown", () => {
    expect(completeLogSource({ containerId: 'c1', taskNodeId: 'n2', localNodeId: 'n1' })).toBe(
      'service',
    );
    expect(completeLogSource({ containerId: undefined, taskNodeId: 'n1', localNodeId: 'n1' })).toBe(
      'service',
    );
    expect(
      completeLogSource({ containerId: 'c1', taskNodeId: undefined, localNodeId: undefined }),
    ).toBe('service');
  });
});
