import {
  type CredentialsOption,
  checkCredentialsOption,
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  OptionsError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { applyPlan } from './apply-plan.js';
import type { DeployHistoryRecord } from './deploy-history.js';
import type { DeployRecord } from './deploy-record.js';
import { engineRequest } from './engine-request.js';
import { DeployHistoryError, PlanError } from './errors.js';
import type { DeployEvent } from './events.js';
import type { Plan } from './plan.js';
import { planRestore, type RestoreCurrentState } from './plan-restore.js';
import { readServiceSpecs } from './read-service-specs.js';

export interface PlanRestoreDeployOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  /** The record to go back to (from listDeploys); its `stack` is the stack restored. */
  record: DeployHistoryRecord;
  signal?: AbortSignal | undefined;
  /** Default 60 s; TimedOutError past it. */
  timeoutMs?: number | undefined;
}

export interface RestoreDeployOptions extends PlanRestoreDeployOptions {
  /**
   * Registry credentials sent with each service create/update
   * (X-Registry-Auth), so every node can pull the recorded images.
   */
  credentials?: CredentialsOption | undefined;
  onEvent?: ((event: DeployEvent) => void) | undefined;
}

export interface RestoreDeployResult {
  /** What was applied: each service's update against its Version.Index at the time. */
  plan: Plan;
  /** What applyPlan did (stack-waiter judges exactly this). */
  apply: DeployRecord;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Reads what the stack runs now and plans how to put it back to `record`
 * (see planRestore), changing nothing. A record without its service specs is
 * a DeployHistoryError (`DEPLOY_RECORD_NO_SPECS`); a network, secret or
 * config the recorded specs need that is gone is a PlanError listing each.
 */
export async function planRestoreDeploy(options: PlanRestoreDeployOptions): Promise<Plan> {
  const { docker } = checkRemote(options?.remote);
  const record = checkRecord(options.record);
  checkSignal(options.signal);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  throwIfAborted(options.signal);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `planning the restore of stack ${record.stack} to ${record.version}`,
  });
  try {
    const { current, apiVersion } = await readCurrent(
      options.remote,
      docker,
      record.stack,
      deadline.signal,
    );
    const planned = planRestore({
      record,
      current,
      plannedAt: new Date().toISOString(),
      apiVersion,
    });
    if (planned.ok) return planned.plan;
    if (planned.reason === 'references_missing')
      throw new PlanError({ problems: planned.problems });
    throw new DeployHistoryError({
      code: 'DEPLOY_RECORD_NO_SPECS',
      message: `The deploy record ${record.id} (${record.version}) of stack ${record.stack} does not hold the service specs of ${planned.services.join(', ')}, so it cannot be restored`,
      hint: 'Deploy that version again from its commit instead, or restore another record.',
    });
  } finally {
    deadline.dispose();
  }
}

/**
 * Puts the stack's services back to the specs kept in `record`: each service
 * updated to its recorded spec (images pinned by digest, env, everything)
 * against its current Version.Index, created when gone, removed when the
 * record does not have it — what a deploy of that record would do, with
 * registry auth and the same events as applyPlan. Plans first (like
 * planRestoreDeploy; its errors change nothing), then applies.
 */
export async function restoreDeploy(options: RestoreDeployOptions): Promise<RestoreDeployResult> {
  checkCredentialsOption(options?.credentials);
  checkFunction(options?.onEvent, 'onEvent');
  const plan = await planRestoreDeploy(options);
  const apply = await applyPlan({
    remote: options.remote,
    plan,
    credentials: options.credentials,
    onEvent: options.onEvent,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return { plan, apply };
}

function checkRecord(record: unknown): DeployHistoryRecord {
  const value = record as Partial<DeployHistoryRecord> | undefined;
  if (!value || typeof value !== 'object' || !Array.isArray(value.services))
    throw new OptionsError({
      field: 'record',
      message: 'must be a deploy record',
      hint: 'Pass one of the records listDeploys returned.',
    });
  checkStackName(value.stack);
  return value as DeployHistoryRecord;
}

interface NamedObject {
  ID?: string;
  Id?: string;
  Name?: string;
  Spec?: { Name?: string };
}

async function readCurrent(
  remote: DockerRemote,
  docker: Docker,
  stack: string,
  signal: AbortSignal | undefined,
): Promise<{ current: RestoreCurrentState; apiVersion: string | undefined }> {
  const [specs, networks, secrets, configs, version] = await Promise.all([
    readServiceSpecs({ remote, stack, signal }),
    engineRequest(
      'list the networks',
      () => docker.listNetworks({ abortSignal: signal } as Docker.NetworkListOptions),
      signal,
    ) as Promise<NamedObject[]>,
    engineRequest(
      'list the secrets',
      () => docker.listSecrets({ abortSignal: signal }) as unknown as Promise<NamedObject[]>,
      signal,
    ),
    engineRequest(
      'list the configs',
      () => docker.listConfigs({ abortSignal: signal }) as unknown as Promise<NamedObject[]>,
      signal,
    ),
    engineRequest('read the engine version', () => docker.version(), signal),
  ]);
  const named = (items: NamedObject[]) =>
    items.map((item) => ({
      id: item.ID ?? item.Id ?? '',
      name: item.Spec?.Name ?? item.Name ?? '',
    }));
  return {
    current: {
      services: specs.services,
      networks: named(networks),
      secrets: named(secrets),
      configs: named(configs),
    },
    apiVersion: (version as { ApiVersion?: string }).ApiVersion,
  };
}
