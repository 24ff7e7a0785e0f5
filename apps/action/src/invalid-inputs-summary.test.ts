import { describe, expect, it } from 'vitest';
import { invalidInputsSummary } from './invalid-inputs-summary.js';

describe('invalidInputsSummary', () => {
  it('lists each problem on one line under a heading, with the exit code', () => {
    const text = invalidInputsSummary([
      'env: line 3: not `KEY=VALUE`',
      'env: REGISTRY is a setting\nof its own',
    ]);
    expect(text).toBe(
      '### ❌ swarmlift deploy: invalid inputs\n\n- env: line 3: not `KEY=VALUE`\n- env: REGISTRY is a setting of its own\n\n- **Exit code**: 2 — nothing was deployed.\n',
    );
  });
});
