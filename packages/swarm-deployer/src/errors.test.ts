import {
  assertOwnBrands,
  CancelledError,
  coreErrorCodes,
  exitCodeOf,
  SwarmliftError,
} from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { ComposeError } from './compose/compose-error.js';
import {
  ApplyError,
  DeployHistoryError,
  EngineRequestError,
  PlanError,
  SwarmDeployerError,
  swarmDeployerErrorCodes,
} from './errors.js';

describe('errors', () => {
  it('gives every exported class a brand of its own', () => {
    expect(() =>
      assertOwnBrands([
        SwarmDeployerError,
        ComposeError,
        PlanError,
        EngineRequestError,
        ApplyError,
        DeployHistoryError,
      ]),
    ).not.toThrow();
  });

  it('uses only COMPOSE_* and DEPLOY_* codes, none of core’s', () => {
    for (const code of swarmDeployerErrorCodes) expect(code).toMatch(/^(COMPOSE|DEPLOY)_[A-Z_]+$/);
    expect(
      swarmDeployerErrorCodes.filter((c) => (coreErrorCodes as readonly string[]).includes(c)),
    ).toEqual([]);
    expect(new Set(swarmDeployerErrorCodes).size).toBe(swarmDeployerErrorCodes.length);
  });

  it('isInstance is exact and narrows; hasCode checks the code too', () => {
    const plan = new PlanError({
      problems: [
        { code: 'DEPLOY_NETWORK_NOT_FOUND', message: 'a', hint: 'h1' },
        { code: 'DEPLOY_SECRET_NOT_FOUND', message: 'b', hint: 'h2' },
      ],
    });
    expect(PlanError.isInstance(plan)).toBe(true);
    expect(SwarmDeployerError.isInstance(plan)).toBe(true);
    expect(SwarmliftError.isInstance(plan)).toBe(true);
    expect(ApplyError.isInstance(plan)).toBe(false);
    expect(PlanError.hasCode(plan, 'DEPLOY_NETWORK_NOT_FOUND')).toBe(true);
    expect(PlanError.hasCode(plan, 'DEPLOY_IMAGE_NOT_FOUND')).toBe(false);
    expect(plan.name).toBe('PlanError');
    expect(plan.message).toBe('2 problems, nothing was changed:\n  - a\n  - b');
    expect(plan.hint).toBe('h1');
    expect(exitCodeOf(plan)).toBe(1);
  });

  it('an interrupted apply keeps the exit code of what stopped it', () => {
    const cancelled = new ApplyError({
      code: 'DEPLOY_HALF_APPLIED',
      message: 'm',
      hint: 'h',
      applied: ['create network s_default'],
      notApplied: [],
      cause: new CancelledError(),
      category: 'cancelled',
    });
    expect(exitCodeOf(cancelled)).toBe(130);
    const unreachable = new EngineRequestError({
      request: 'list the networks',
      message: 'm',
      hint: 'h',
      unreachable: true,
      cause: new Error('connect ENOENT'),
    });
    expect(exitCodeOf(unreachable)).toBe(3);
  });
});
