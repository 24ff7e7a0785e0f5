import { SwarmliftError, type SwarmliftErrorOptions } from '@swarmlift/core';
import { composeErrorCodes } from './compose/compose-error-codes.js';

/**
 * Every code this package throws with. Loading a compose file (compose/**)
 * has the COMPOSE_* codes, planning and applying it the DEPLOY_* codes.
 * Core's OPTIONS_INVALID, CANCELLED, TIMED_OUT, REGISTRY_CREDENTIALS_INVALID
 * and IMAGE_REF_INVALID pass through as they are.
 */
export const swarmDeployerErrorCodes = [
  // loading a compose file (ComposeError)
  ...composeErrorCodes,
  // planning (PlanError): something the file needs is not there; nothing was changed
  'DEPLOY_IMAGE_NOT_FOUND',
  'DEPLOY_NETWORK_NOT_FOUND',
  'DEPLOY_SECRET_NOT_FOUND',
  'DEPLOY_CONFIG_NOT_FOUND',
  // talking to the engine (EngineRequestError): a read it needs failed
  'DEPLOY_ENGINE_FAILED',
  // applying (ApplyError): a step failed, or the call was cancelled or timed out between steps
  'DEPLOY_FAILED',
  'DEPLOY_HALF_APPLIED',
  // deploy history (DeployHistoryError): storing a record failed
  'DEPLOY_HISTORY_TOO_LARGE',
  'DEPLOY_HISTORY_WRITE_FAILED',
  // restoring a record (DeployHistoryError): the record does not hold the service specs
  'DEPLOY_RECORD_NO_SPECS',
] as const;

export type SwarmDeployerErrorCode = (typeof swarmDeployerErrorCodes)[number];

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain a secret
 * value, an env value or registry credentials.
 */
export class SwarmDeployerError<
  C extends SwarmDeployerErrorCode = SwarmDeployerErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/SwarmDeployerError';
}

export type PlanErrorCode = Extract<
  SwarmDeployerErrorCode,
  | 'DEPLOY_IMAGE_NOT_FOUND'
  | 'DEPLOY_NETWORK_NOT_FOUND'
  | 'DEPLOY_SECRET_NOT_FOUND'
  | 'DEPLOY_CONFIG_NOT_FOUND'
>;

/** One thing planStack found missing. */
export interface PlanProblem {
  code: PlanErrorCode;
  message: string;
  hint: string;
}

/**
 * planStack found that something the stack needs does not exist: an image
 * its registry does not have, an external network, secret or config. Every
 * problem is listed; `code` and `hint` are the first one's. Nothing was changed.
 */
export class PlanError extends SwarmDeployerError<PlanErrorCode> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/PlanError';
  readonly problems: readonly PlanProblem[];

  constructor(options: { problems: readonly PlanProblem[]; cause?: unknown }) {
    const [first] = options.problems;
    if (!first) throw new TypeError('PlanError needs at least one problem');
    super({
      code: first.code,
      message:
        options.problems.length === 1
          ? first.message
          : `${options.problems.length} problems, nothing was changed:\n${options.problems.map((p) => `  - ${p.message}`).join('\n')}`,
      hint: first.hint,
      cause: options.cause,
    });
    this.problems = options.problems;
  }
}

/**
 * A request the engine did not answer or refused while reading what the
 * swarm runs (list calls, inspects). `category` is `unreachable` when the
 * engine or the SSH session could not be reached; the original error is `cause`.
 */
export class EngineRequestError extends SwarmDeployerError<'DEPLOY_ENGINE_FAILED'> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/EngineRequestError';
  /** What was asked, e.g. `list the services of stack shop`. */
  readonly request: string;

  constructor(options: {
    request: string;
    message: string;
    hint: string;
    unreachable: boolean;
    cause: unknown;
  }) {
    super({
      code: 'DEPLOY_ENGINE_FAILED',
      message: options.message,
      hint: options.hint,
      cause: options.cause,
      category: options.unreachable ? 'unreachable' : 'failed',
    });
    this.request = options.request;
  }
}

/**
 * applyPlan stopped before the end: a step failed (`DEPLOY_FAILED`), or the
 * call was cancelled or ran out of time between steps (`DEPLOY_HALF_APPLIED`,
 * with the CancelledError or TimedOutError as `cause` and its category). The
 * swarm is then half-applied: `applied` lists the steps done, `notApplied`
 * the steps left; a new plan shows what is left to do.
 */
export class ApplyError extends SwarmDeployerError<'DEPLOY_FAILED' | 'DEPLOY_HALF_APPLIED'> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/ApplyError';
  /** Steps done, e.g. `create network shop_default`, `update service shop_web`. */
  readonly applied: readonly string[];
  /** Steps not done (including one that was running when the call stopped). */
  readonly notApplied: readonly string[];

  constructor(options: {
    code: 'DEPLOY_FAILED' | 'DEPLOY_HALF_APPLIED';
    message: string;
    hint: string;
    applied: readonly string[];
    notApplied: readonly string[];
    cause?: unknown;
    category?: SwarmliftErrorOptions<string>['category'];
  }) {
    super({
      code: options.code,
      message: options.message,
      hint: options.hint,
      cause: options.cause,
      category: options.category,
    });
    this.applied = options.applied;
    this.notApplied = options.notApplied;
  }
}

/**
 * recordDeploy could not store the record: it does not fit in a Swarm
 * config even without the service specs (`DEPLOY_HISTORY_TOO_LARGE`), or the
 * engine refused to create it (`DEPLOY_HISTORY_WRITE_FAILED`, category
 * `unreachable` when the engine could not be reached). The deploy itself is
 * not affected. restoreDeploy: the record was stored without its service
 * specs (`DEPLOY_RECORD_NO_SPECS`); nothing was changed.
 */
export class DeployHistoryError extends SwarmDeployerError<
  'DEPLOY_HISTORY_TOO_LARGE' | 'DEPLOY_HISTORY_WRITE_FAILED' | 'DEPLOY_RECORD_NO_SPECS'
> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/DeployHistoryError';

  constructor(options: {
    code: 'DEPLOY_HISTORY_TOO_LARGE' | 'DEPLOY_HISTORY_WRITE_FAILED' | 'DEPLOY_RECORD_NO_SPECS';
    message: string;
    hint: string;
    cause?: unknown;
    category?: SwarmliftErrorOptions<string>['category'];
  }) {
    super({
      code: options.code,
      message: options.message,
      hint: options.hint,
      cause: options.cause,
      category: options.category,
    });
  }
}
