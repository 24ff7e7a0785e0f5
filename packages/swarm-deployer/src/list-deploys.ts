import {
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type { DeployHistoryRecord } from './deploy-history.js';
import { DEPLOY_RECORD_ID_LABEL, deployRecordFilter } from './deploy-record-labels.js';
import { engineRequest } from './engine-request.js';
import type { DeployEvent } from './events.js';
import { type RecordConfig, sortDeployRecords } from './sort-deploy-records.js';

export interface ListDeploysOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  stack: string;
  /** Receives a `DEPLOY_RECORD_INVALID` warning for each record skipped. */
  onEvent?: ((event: DeployEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Default 60 s; TimedOutError past it. */
  timeoutMs?: number | undefined;
}

export interface ListDeploysResult {
  stack: string;
  /** Newest first, each validated against the stored format. */
  records: DeployHistoryRecord[];
  /** Records that could not be read (skipped), newest first, with the reason. */
  invalid: { record: string; id: string; reason: string }[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The stack's deploy records, newest first (one list call). A record that
 * is not valid JSON of a known format is skipped, listed in `invalid` and
 * reported as a `DEPLOY_RECORD_INVALID` warning: one bad record never hides
 * the others.
 */
export async function listDeploys(options: ListDeploysOptions): Promise<ListDeploysResult> {
  const { docker } = checkRemote(options?.remote);
  const stack = checkStackName(options.stack);
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  throwIfAborted(options.signal);
  const emit = options.onEvent ?? (() => {});
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `listing the deploy records of stack ${stack}`,
  });
  const { signal } = deadline;
  try {
    const [configs, { parseDeployRecord }] = await Promise.all([
      engineRequest(
        `list the deploy records of stack ${stack}`,
        () =>
          docker.listConfigs({
            filters: deployRecordFilter(stack),
            abortSignal: signal,
          } as Record<string, unknown>) as unknown as Promise<RecordConfig[]>,
        signal,
      ),
      import('./parse-deploy-record.js'),
    ]);
    throwIfAborted(signal);
    const result: ListDeploysResult = { stack, records: [], invalid: [] };
    for (const config of sortDeployRecords(configs)) {
      const name = config.Spec?.Name ?? config.ID ?? '';
      const id = config.Spec?.Labels?.[DEPLOY_RECORD_ID_LABEL] ?? '';
      const parsed = parseDeployRecord(config);
      let reason = parsed.ok ? undefined : parsed.reason;
      if (parsed.ok && parsed.record.stack !== stack)
        reason = `it belongs to stack ${parsed.record.stack}, not ${stack}`;
      if (parsed.ok && reason === undefined) {
        result.records.push(parsed.record);
        continue;
      }
      result.invalid.push({ record: name, id, reason: reason ?? 'unreadable' });
      emit({
        type: 'warning',
        code: 'DEPLOY_RECORD_INVALID',
        message: `Skipped the deploy record ${name} of stack ${stack}: ${reason}`,
        stack,
      });
    }
    return result;
  } finally {
    deadline.dispose();
  }
}
