import { randomBytes } from 'node:crypto';
import {
  abortReasonError,
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  engineMessage,
  engineStatusCode,
  isEngineUnreachable,
  OptionsError,
  raceAbort,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { DEPLOY_RECORD_FORMAT, type NewDeployRecord } from './deploy-history.js';
import {
  DEPLOY_RECORD_ID_LABEL,
  deployRecordFilter,
  deployRecordId,
  deployRecordLabels,
  deployRecordName,
} from './deploy-record-labels.js';
import { engineRequest } from './engine-request.js';
import { DeployHistoryError } from './errors.js';
import type { DeployEvent } from './events.js';
import { fitDeployRecord, MAX_DEPLOY_RECORD_BYTES } from './fit-deploy-record.js';
import { deployRecordsToRemove, type RecordConfig } from './sort-deploy-records.js';

export interface RecordDeployOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  stack: string;
  /** The record to store (`deployRecordFromApply` builds one); its `stack` must be `stack`. */
  record: NewDeployRecord;
  /** How many records of the stack to keep, this one included; older ones are removed. Default 20. */
  keep?: number | undefined;
  onEvent?: ((event: DeployEvent) => void) | undefined;
  /** Aborting rejects with CancelledError; a record this call stored is removed again. */
  signal?: AbortSignal | undefined;
  /** Default 60 s; TimedOutError past it (and the record is removed again, as on abort). */
  timeoutMs?: number | undefined;
}

export interface RecordDeployResult {
  /** The record's id: sortable, unique. */
  id: string;
  /** The Swarm config that holds it. */
  record: string;
  /** The config's ID. */
  configId: string;
  /** Size of the stored JSON. */
  bytes: number;
  /** True when the service specs were left out to stay under the size limit. */
  specsDropped: boolean;
  /** Ids of the older records removed to keep `keep`. */
  removed: string[];
}

const DEFAULT_KEEP = 20;
const MAX_KEEP = 1000;
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Stores one deploy record on the manager as a Swarm config
 * (`swarmlift-deploy.<stack>.<id>`, JSON `{ format: 1, id, ... }`), labelled
 * `io.swarmlift.deploy-record=<stack>` and never with the stack's namespace
 * label, so a prune or `docker stack rm` leaves it. Then removes the stack's
 * records beyond the newest `keep`. A record over Swarm's config size limit
 * (500 KB) is stored without its service specs (`specsDropped`, and a
 * `DEPLOY_RECORD_SPECS_DROPPED` warning); one that does not fit even then is
 * a DeployHistoryError (`DEPLOY_HISTORY_TOO_LARGE`) and nothing is stored.
 * If the call rejects, the record is not stored.
 */
export async function recordDeploy(options: RecordDeployOptions): Promise<RecordDeployResult> {
  const { docker } = checkRemote(options?.remote);
  const stack = checkStackName(options.stack);
  const keep = checkKeep(options.keep);
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  if (typeof options.record !== 'object' || options.record === null)
    throw new OptionsError({
      field: 'record',
      message: 'must be a deploy record object',
      hint: 'Build it with deployRecordFromApply.',
    });
  throwIfAborted(options.signal);
  const { checkNewDeployRecord } = await import('./parse-deploy-record.js');
  const checked = checkNewDeployRecord(options.record);
  if (!checked.ok)
    throw new OptionsError({
      field: 'record',
      message: `is not a valid deploy record: ${checked.problems.join('; ')}`,
      hint: 'Build it with deployRecordFromApply; every field listed must be set as documented.',
    });
  const record = checked.record;
  if (record.stack !== stack)
    throw new OptionsError({
      field: 'record',
      message: `record.stack is "${record.stack}", not the stack "${stack}"`,
      hint: 'Record a deploy under the stack it deployed.',
    });
  const emit = options.onEvent ?? (() => {});
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `recording the deploy of stack ${stack}`,
  });
  const { signal } = deadline;
  let creating: Promise<{ id?: string; ID?: string }> | undefined;
  let name: string | undefined;
  try {
    const info = (await engineRequest('read the engine time', () => docker.info(), signal)) as {
      SystemTime?: string;
    };
    const random = randomBytes(3).toString('hex');
    const id =
      deployRecordId(info?.SystemTime ?? '', random) ??
      (deployRecordId(new Date().toISOString(), random) as string);
    const fitted = fitDeployRecord({ id, ...record });
    if (!fitted.ok)
      throw new DeployHistoryError({
        code: 'DEPLOY_HISTORY_TOO_LARGE',
        message: `The deploy record of stack ${stack} is ${fitted.bytes} bytes even without the service specs, over the ${MAX_DEPLOY_RECORD_BYTES} bytes a Swarm config may hold; it was not stored`,
        hint: 'Shorten what the record lists (the migrations, the error message), then record again.',
      });
    if (fitted.specsDropped)
      emit({
        type: 'warning',
        code: 'DEPLOY_RECORD_SPECS_DROPPED',
        message: `The deploy record ${id} of stack ${stack} is stored without the service specs: with them it is over the ${MAX_DEPLOY_RECORD_BYTES} bytes a Swarm config may hold; a rollback to it cannot restore the specs`,
        stack,
      });
    name = deployRecordName(stack, id);
    const body = {
      Name: name,
      Labels: deployRecordLabels({
        stack,
        id,
        format: DEPLOY_RECORD_FORMAT,
        version: record.version,
        outcome: record.outcome,
      }),
      Data: Buffer.from(fitted.json).toString('base64'),
    };
    throwIfAborted(signal);
    creating = docker.createConfig(body) as Promise<{ id?: string; ID?: string }>;
    let created: { id?: string; ID?: string };
    try {
      created = await raceAbort(creating, signal);
    } catch (error) {
      if (signal?.aborted) throw abortReasonError(signal);
      const unreachable = isEngineUnreachable(error);
      throw new DeployHistoryError({
        code: 'DEPLOY_HISTORY_WRITE_FAILED',
        message: `Could not store the deploy record ${name}: ${engineMessage(error)}`,
        hint: unreachable
          ? 'Check that the manager can be reached; the deploy itself is not affected.'
          : 'Check the engine’s answer (is this node a swarm manager?); the deploy itself is not affected.',
        cause: error,
        category: unreachable ? 'unreachable' : 'failed',
      });
    }
    const configId = created?.ID ?? created?.id ?? '';
    emit({
      type: 'deploy_recorded',
      stack,
      id,
      record: name,
      bytes: fitted.bytes,
      specsDropped: fitted.specsDropped,
    });

    const removed: string[] = [];
    const configs = (await engineRequest(
      `list the deploy records of stack ${stack}`,
      () =>
        docker.listConfigs({
          filters: deployRecordFilter(stack),
          abortSignal: signal,
        } as Record<string, unknown>),
      signal,
    )) as unknown as RecordConfig[];
    for (const old of deployRecordsToRemove(configs, keep)) {
      if (old.ID === configId || !old.ID) continue;
      throwIfAborted(signal);
      const oldName = old.Spec?.Name ?? old.ID;
      const oldId = old.Spec?.Labels?.[DEPLOY_RECORD_ID_LABEL] ?? oldName;
      try {
        await raceAbort(docker.getConfig(old.ID).remove() as Promise<unknown>, signal);
      } catch (error) {
        if (signal?.aborted) throw abortReasonError(signal);
        if (engineStatusCode(error) === 404) continue; // removed by a run recording at the same time
        emit({
          type: 'warning',
          code: 'CLEANUP_FAILED',
          message: `Could not remove the old deploy record ${oldName}: ${engineMessage(error)}`,
          stack,
        });
        continue;
      }
      removed.push(oldId);
      emit({ type: 'deploy_record_removed', stack, id: oldId, record: oldName });
    }
    return {
      id,
      record: name,
      configId,
      bytes: fitted.bytes,
      specsDropped: fitted.specsDropped,
      removed,
    };
  } catch (error) {
    if (creating !== undefined && name !== undefined) await removeOwnRecord(docker, name, creating);
    throw error;
  } finally {
    deadline.dispose();
  }
}

function checkKeep(keep: unknown): number {
  if (keep === undefined) return DEFAULT_KEEP;
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP)
    throw new OptionsError({
      field: 'keep',
      message: `must be a whole number from 1 to ${MAX_KEEP}, got ${JSON.stringify(keep)}`,
      hint: 'Keep the last 20 deploys (the default), or set how many records to keep.',
    });
  return keep;
}

/**
 * Best effort, with its own short deadline (the caller's signal is why we are
 * here): removes the record this call created, once the create has answered.
 */
async function removeOwnRecord(
  docker: Docker,
  name: string,
  creating: Promise<{ id?: string; ID?: string }>,
): Promise<void> {
  const deadline = withDeadline({ timeoutMs: 10_000, what: `removing the deploy record ${name}` });
  try {
    const created = await raceAbort(
      creating.catch(() => undefined),
      deadline.signal,
    );
    const id = created?.ID ?? created?.id;
    if (id === undefined) return; // never created
    await raceAbort(docker.getConfig(id).remove() as Promise<unknown>, deadline.signal);
  } catch {
    // The engine is gone too: the record stays, and is removed once it is beyond `keep`.
  } finally {
    deadline.dispose();
  }
}
