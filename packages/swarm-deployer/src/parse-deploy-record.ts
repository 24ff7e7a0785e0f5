import type { z } from 'zod';
import type { DeployHistoryRecord, NewDeployRecord } from './deploy-history.js';
import { DEPLOY_RECORD_FORMAT } from './deploy-history.js';
import { newDeployRecordSchema, storedDeployRecordSchema } from './deploy-record-schema.js';
import type { RecordConfig } from './sort-deploy-records.js';

/** The problems zod found, one `path: message` each (messages name fields, never values). */
function problemsOf(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return `${path || '(record)'}: ${issue.message}`;
  });
}

/** Checks a record before it is stored. */
export function checkNewDeployRecord(
  value: unknown,
): { ok: true; record: NewDeployRecord } | { ok: false; problems: string[] } {
  const result = newDeployRecordSchema.safeParse(value);
  if (result.success) return { ok: true, record: result.data };
  return { ok: false, problems: problemsOf(result.error, 'record') };
}

/**
 * Reads one record config (its base64 `Data`) back into a record, or says
 * why it cannot: not JSON, a format this version does not know, or fields
 * that fail the format-1 schema. Never throws.
 */
export function parseDeployRecord(
  config: RecordConfig,
): { ok: true; record: DeployHistoryRecord } | { ok: false; reason: string } {
  const data = config.Spec?.Data;
  if (typeof data !== 'string' || data === '')
    return { ok: false, reason: 'the config has no data' };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the data is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'the data is not a JSON object' };
  const format = (value as { format?: unknown }).format;
  if (format !== DEPLOY_RECORD_FORMAT) {
    return {
      ok: false,
      reason:
        typeof format === 'number' && format > DEPLOY_RECORD_FORMAT
          ? `format ${format} is newer than this version reads (${DEPLOY_RECORD_FORMAT}); update swarmlift`
          : 'it has no known format field',
    };
  }
  const result = storedDeployRecordSchema.safeParse(value);
  if (!result.success) {
    const problems = problemsOf(result.error, '');
    const shown = problems.slice(0, 5).join('; ');
    return {
      ok: false,
      reason: `${shown}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    };
  }
  const { format: _format, ...record } = result.data;
  return { ok: true, record };
}
