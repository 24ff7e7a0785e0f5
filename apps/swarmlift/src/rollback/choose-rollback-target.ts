import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';
import { CliError } from '../errors.js';
import { findServingRecord } from './find-serving-record.js';
import { recordDigest, succeeded } from './record-digest.js';

export interface RollbackChoice {
  /** The record to restore. */
  target: DeployHistoryRecord;
  /** The record that put the serving image in place, when one does. */
  serving: DeployHistoryRecord | undefined;
  /** Warnings worth a line (e.g. the running image matches no record). */
  notes: string[];
}

export interface ChooseRollbackTargetInput {
  /** The stack's records, newest first (listDeploys). */
  records: readonly DeployHistoryRecord[];
  /** The digest the app service runs now (its spec's image), if known. */
  servingDigest: string | undefined;
  /** Full name of the app service, e.g. `shop_django`. */
  appService: string;
  /** `rollback VERSION`; absent = the default target. */
  version?: string | undefined;
}

/**
 * Which record `rollback` restores. Without VERSION: the newest successful
 * record older than the one that put the serving image in place, whose
 * image differs from the serving one. With VERSION: its newest successful
 * record. Never a record whose image (by digest) already serves; never one
 * without its service specs. Each refusal is a CliError saying what exists.
 */
export function chooseRollbackTarget(input: ChooseRollbackTargetInput): RollbackChoice {
  const { records, servingDigest, appService } = input;
  if (records.length === 0)
    throw new CliError({
      code: 'CLI_ROLLBACK_NO_RECORDS',
      message: 'This stack has no deploy records, so there is nothing to roll back to.',
      hint: 'Records are written by `swarmlift deploy` (on the manager); check STACK_NAME, or deploy the version you want.',
    });
  const digestOf = (record: DeployHistoryRecord) => recordDigest(record, appService);
  const isServing = (record: DeployHistoryRecord) =>
    servingDigest !== undefined && digestOf(record) === servingDigest;
  const serving = findServingRecord(records, servingDigest, appService);
  const notes: string[] = [];

  if (input.version !== undefined) {
    const version = input.version;
    const matches = records.filter((record) => record.version === version);
    if (matches.length === 0)
      throw new CliError({
        code: 'CLI_ROLLBACK_VERSION_NOT_FOUND',
        category: 'invalid',
        message: `No deploy of version ${version} is recorded for this stack. Recorded: ${listVersions(records)}.`,
        hint: 'Pick one of the recorded versions (`swarmlift rollback --list`); older deploys are no longer kept.',
      });
    const good = matches.filter(succeeded);
    if (good.length === 0)
      throw new CliError({
        code: 'CLI_ROLLBACK_VERSION_NOT_FOUND',
        category: 'invalid',
        message: `Version ${version} never deployed successfully (${matches.map((r) => r.outcome.replace(/_/g, ' ')).join(', ')}), so there is no good state of it to go back to. Deployed successfully: ${listVersions(records.filter(succeeded))}.`,
        hint: 'Pick a version that deployed (`swarmlift rollback --list`).',
      });
    if (good.every(isServing))
      throw new CliError({
        code: 'CLI_ROLLBACK_ALREADY_SERVING',
        category: 'invalid',
        message: `Version ${version} is already serving (the app service runs its image ${servingDigest}); nothing to roll back.`,
        hint: 'Pick another version (`swarmlift rollback --list`), or run `swarmlift status`.',
      });
    const notServing = good.filter((record) => !isServing(record));
    const usable = notServing.find((record) => hasSpecs(record));
    if (!usable) throw specsDropped(notServing[0] as DeployHistoryRecord);
    return { target: usable, serving, notes };
  }

  let older: readonly DeployHistoryRecord[] = records;
  if (serving) older = records.slice(records.indexOf(serving) + 1);
  else if (servingDigest !== undefined)
    notes.push(
      `The app service runs ${servingDigest}, which no kept record deployed; going back to the newest successful deploy.`,
    );
  const target = older.find((record) => succeeded(record) && !isServing(record));
  if (!target)
    throw new CliError({
      code: 'CLI_ROLLBACK_NO_TARGET',
      message: serving
        ? `No successful deploy is recorded before ${serving.version} (the one serving now), so there is nothing to roll back to. Recorded: ${listVersions(records)}.`
        : `No successful deploy is recorded that does not already serve. Recorded: ${listVersions(records)}.`,
      hint: 'Deploy the version you want from its commit; `swarmlift history` shows what is recorded.',
    });
  if (!hasSpecs(target)) throw specsDropped(target);
  return { target, serving, notes };
}

function hasSpecs(record: DeployHistoryRecord): boolean {
  return (
    record.specsDropped !== true &&
    record.services.length > 0 &&
    record.services.every((service) => service.spec !== undefined)
  );
}

function specsDropped(record: DeployHistoryRecord): CliError {
  return new CliError({
    code: 'CLI_ROLLBACK_SPECS_DROPPED',
    message: `The record of ${record.version} (${record.id}) was stored without its service specs (they did not fit in a Swarm config), so it cannot be restored.`,
    hint: `Deploy ${record.version} again from its commit, or roll back to another version (\`swarmlift rollback --list\`).`,
  });
}

/** `abc1234 (deployed), def5678 (failed)`, unique versions, newest first, at most 10. */
function listVersions(records: readonly DeployHistoryRecord[]): string {
  const seen = new Map<string, string>();
  for (const record of records)
    if (!seen.has(record.version)) seen.set(record.version, record.outcome.replace(/_/g, ' '));
  const all = [...seen].map(([version, outcome]) => `${version} (${outcome})`);
  if (all.length === 0) return 'none';
  return all.length > 10 ? `${all.slice(0, 10).join(', ')}, …` : all.join(', ');
}
