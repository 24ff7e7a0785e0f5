import { listDeploys, readServiceSpecs } from '@swarmlift/swarm-deployer';
import { formatHistoryTable } from '../history/format-history-table.js';
import { type HistoryEntry, historyEntry } from '../history/history-entry.js';
import { parseLimit } from '../history/parse-limit.js';
import type { RunSummary } from '../output/reporter.js';
import { runStep } from '../pipeline/run-step.js';
import { servingRecordId } from '../rollback/find-serving-record.js';
import { servingDigest } from '../rollback/record-digest.js';
import type { CommandBody } from './run-command.js';

/** `history --json`: the summary's `data` (see history-entry.ts for each record). */
export interface HistoryData {
  stack: string;
  /** Newest first, at most `-n`. */
  records: HistoryEntry[];
  /** How many records are kept on the manager (before `-n`). */
  total: number;
  /** Records that could not be read and were skipped. */
  unreadable: number;
}

/**
 * `swarmlift history`: the stack's deploy records as kept on the manager,
 * newest first. Reads only; two engine calls at once (the records and the
 * services, to mark the one serving).
 */
export const historyCommand: CommandBody = async (context, line) => {
  const { settings, reporter, signal } = context;
  const limit = parseLimit(line.options.limit);
  const appService = `${settings.stack}_${settings.appService}`;
  const { entries, total, unreadable } = await runStep(
    context,
    'connect',
    `Read the deploy history of ${settings.stack} on ${settings.targetLabel}`,
    async (step) => {
      const remote = await context.manager();
      const [listed, specs] = await Promise.all([
        listDeploys({ remote, stack: settings.stack, signal, timeoutMs: 20_000 }),
        readServiceSpecs({ remote, stack: settings.stack, signal, timeoutMs: 20_000 }),
      ]);
      const servingId = servingRecordId(
        listed.records,
        servingDigest(specs, appService),
        appService,
      );
      const shown = limit === undefined ? listed.records : listed.records.slice(0, limit);
      for (const skipped of listed.invalid)
        step.warn(`skipped the unreadable record ${skipped.record}: ${skipped.reason}`);
      const result = {
        entries: shown.map((record) => historyEntry(record, servingId)),
        total: listed.records.length,
        unreadable: listed.invalid.length,
      };
      return [
        result,
        `${result.total} record${result.total === 1 ? '' : 's'}${shown.length < result.total ? `, showing the newest ${shown.length}` : ''}${result.unreadable ? `, ${result.unreadable} unreadable` : ''}`,
      ] as const;
    },
  );
  if (entries.length === 0)
    reporter.info(
      `No deploys of ${settings.stack} are recorded on ${settings.targetLabel} (\`swarmlift deploy\` records each one).`,
    );
  else if (!line.json) {
    // The table is the command's output: stdout (the steps and notes stay on stderr).
    reporter.output(`${formatHistoryTable(entries)}\n`);
    reporter.info('Newest first; * marks the record whose image the app service runs now.');
  }
  const data: HistoryData = { stack: settings.stack, records: entries, total, unreadable };
  const summary: RunSummary = {
    command: 'history',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    stack: settings.stack,
    // Only --json shows it, and redacting every string of it is not free.
    data: line.json ? { ...data } : undefined,
  };
  return summary;
};
