import { CancelledError, exitCodeOf, SwarmliftError } from '@swarmlift/core';
import { redact } from '@swarmlift/env-writer';
import type { StackLock } from '@swarmlift/remote';
import {
  type DeployHistoryRecord,
  type DeployOutcome,
  type DeployRecord,
  deployRecordFromApply,
  formatEvent as formatDeployEvent,
  listDeploys,
  type Plan,
  readServiceSpecs,
  restoreDeploy,
  type ServiceSpecs,
  summarizePlan,
} from '@swarmlift/swarm-deployer';
import { CliError } from '../errors.js';
import { errorCodeOf, failureStatusOf, runAfterHook, runPreDeployHook } from '../hooks/index.js';
import type { RunSummary, Step, StepId } from '../output/reporter.js';
import { lockStep } from '../pipeline/lock-step.js';
import { recordStep } from '../pipeline/record-step.js';
import { forwardEvents, type RunContext } from '../pipeline/run-context.js';
import { runStep } from '../pipeline/run-step.js';
import { settingHint } from '../pipeline/setting-hint.js';
import { type StagedStatic, switchStatic, switchStaticBack } from '../pipeline/static-step.js';
import { errorOf, statusOf } from '../pipeline/status-of.js';
import { failedTaskLines, type WaitResult, waitStep } from '../pipeline/wait-step.js';
import { checkRollback } from '../rollback/check-step.js';
import { chooseRollbackTarget, type RollbackChoice } from '../rollback/choose-rollback-target.js';
import { migrationsAfter } from '../rollback/migrations-after.js';
import { recordDigest, servingDigest } from '../rollback/record-digest.js';
import {
  formatCandidates,
  type RollbackCandidate,
  rollbackCandidates,
} from '../rollback/rollback-candidates.js';
import type { CommandBody } from './run-command.js';

/** `rollback --json`: the summary's `data`. */
export interface RollbackData {
  /** The record restored (absent when no target was chosen). */
  rolledBackTo?: { id: string; version: string; kind: 'deploy' | 'rollback' } | undefined;
  /** Migrations applied after the target, oldest first: NOT reversed. */
  migrationsAfter?: { version: string; migration: string }[] | undefined;
  /** `--list`: what can be rolled back to, newest first. */
  candidates?: RollbackCandidate[] | undefined;
}

/** What the rollback has done so far: enough to record and explain it whatever stops it. */
interface RollbackState {
  startedAt: Date;
  current?: StepId;
  choice?: RollbackChoice;
  lock?: StackLock;
  plan?: Plan;
  applyStarted?: boolean;
  applied?: DeployRecord;
  specs?: ServiceSpecs;
  staged?: StagedStatic;
  staticSwitched?: boolean;
  wait?: WaitResult;
  serving?: string;
  migrationsAfter?: { version: string; migration: string }[];
}

/**
 * `swarmlift rollback [VERSION] [--list]`: puts an earlier deploy back —
 * every service to its recorded spec, the static link to its release —
 * after checking that everything it needs still exists. No build, no
 * upload; waits like deploy, takes the same lock, records itself.
 */
export const rollbackCommand: CommandBody = async (context, line) => {
  const { settings, reporter } = context;
  const state: RollbackState = { startedAt: new Date() };
  const appService = `${settings.stack}_${settings.appService}`;
  const run = <T>(id: StepId, title: string, work: (step: Step) => Promise<T>) => {
    state.current = id;
    return runStep(context, id, title, async (step) => [await work(step), undefined] as const);
  };
  const list = line.options.list === true;
  const requested = line.positionals[0];

  try {
    await run('connect', `Connect to ${settings.targetLabel}`, async (step) => {
      const manager = await context.manager();
      step.done(
        manager.hostKey
          ? `host key ${manager.hostKey.fingerprint} verified`
          : `engine at ${settings.targetLabel}`,
      );
    });
    const remote = await context.manager();
    const { records, digest } = await run(
      'version',
      requested ? `Find version ${requested}` : 'Choose the version to roll back to',
      async (step) => {
        const [listed, specs] = await Promise.all([
          listDeploys({ remote, stack: settings.stack, signal: context.signal, timeoutMs: 20_000 }),
          readServiceSpecs({ remote, stack: settings.stack, signal: context.signal }),
        ]);
        for (const skipped of listed.invalid)
          step.warn(`skipped the unreadable record ${skipped.record}: ${skipped.reason}`);
        const found = { records: listed.records, digest: servingDigest(specs, appService) };
        if (list) {
          step.done(`${listed.records.length} records`);
          return found;
        }
        const choice = chooseRollbackTarget({
          records: listed.records,
          servingDigest: found.digest,
          appService,
          version: requested,
        });
        state.choice = choice;
        for (const note of choice.notes) step.warn(note);
        step.done(
          `${choice.target.version} (record ${choice.target.id}); serving now: ${choice.serving?.version ?? found.digest ?? 'nothing'}`,
        );
        return found;
      },
    );

    if (list) return listSummary(context, state, records, digest, appService);
    const choice = state.choice as RollbackChoice;
    const target = choice.target;
    state.migrationsAfter = migrationsAfter(records, target);
    reporter.info(
      `Rolling ${settings.stack} back to ${target.version} (deployed ${target.startedAt} by ${target.performer})`,
    );

    const checked = await run(
      'plan',
      `Check that ${target.version} can be restored`,
      async (step) => {
        const result = await checkRollback(context, target);
        const { services } = summarizePlan(result.plan);
        step.done(
          `images and static release present; services: ${services.update} to update, ${services.create} to create, ${services.remove} to remove, ${services.unchanged} unchanged`,
        );
        return result;
      },
    );

    // The config's hooks run for a rollback too (SWARMLIFT_COMMAND=rollback, SWARMLIFT_VERSION = the target).
    // A failing pre-deploy hook stops it here: no lock, nothing changed.
    await runPreDeployHook(hookContext(context, state), 'rollback');

    state.lock = await run('lock', `Lock stack ${settings.stack}`, (step) =>
      lockStep(context, step),
    );
    const signal = AbortSignal.any([
      context.signal ?? new AbortController().signal,
      state.lock.signal,
    ]);
    const guarded: RunContext = { ...context, signal };

    await run('apply', `Restore the services of ${target.version}`, async (step) => {
      state.applyStarted = true;
      const restored = await restoreDeploy({
        remote,
        record: target,
        credentials: settings.credentials,
        onEvent: forwardEvents(step, 'swarm-deployer', formatDeployEvent),
        signal,
      });
      state.plan = restored.plan;
      state.applied = restored.apply;
      state.specs = await readServiceSpecs({ remote, stack: settings.stack, signal });
      if (target.staticRelease !== undefined) {
        state.staged = {
          release: target.staticRelease,
          previous: checked.liveStatic,
          hosts: checked.liveByHost,
          alreadyLive: checked.liveByHost.every((h) => h.previous === target.staticRelease),
        };
        await switchStatic(guarded, step, state.staged);
        state.staticSwitched = !state.staged.alreadyLive;
      }
      step.done(applySummary(restored.apply));
    });

    await run('wait', 'Wait for the services to converge', async (step) => {
      const changed = state.applied?.services.some((s) => s.action !== 'unchanged');
      if (!changed && !state.applied?.removedServices.length) {
        step.skip('nothing changed');
        return;
      }
      const result = await waitStep(guarded, step, state.applied);
      state.wait = result;
      if (result.ok) {
        step.done(`converged in ${(result.durationMs / 1000).toFixed(1)} s`);
        return;
      }
      throw await notConverged(guarded, step, state, result);
    });
    state.current = undefined;
    await record(context, state, 'deployed');
    reportMigrations(context, state);
    await releaseLock(state);
    await runAfterHook(hookContext(context, state), 'post-deploy', {
      command: 'rollback',
      status: 'deployed',
    });
    return summaryOf(context, state, 'deployed', 0);
  } catch (error) {
    await record(context, state, outcomeOf(error), error);
    reporter.error(error);
    const hint = settingHint(error);
    if (hint) reporter.info(hint);
    if (!state.applyStarted && state.choice)
      reporter.info(`Nothing was changed: ${settings.stack} runs as before.`);
    else if (state.applyStarted && !state.wait && CancelledError.isInstance(error))
      reporter.info(
        `Stopped during ${state.current ?? 'the rollback'}: the services were sent their restored specs and Swarm goes on rolling them out; nothing was undone. The lock is released.`,
      );
    else if (state.applyStarted && state.migrationsAfter) reportMigrations(context, state);
    // After the error is printed, with the lock given back; nothing it does changes the result.
    await releaseLock(state);
    if (!list)
      await runAfterHook(hookContext(context, state), 'on-failure', {
        command: 'rollback',
        status: failureStatusOf(error),
        errorCode: errorCodeOf(error),
        signal: context.signal?.aborted ? undefined : context.signal,
      });
    return summaryOf(context, state, statusOf(error), exitCodeOf(error), error);
  } finally {
    await releaseLock(state);
  }
};

async function releaseLock(state: RollbackState): Promise<void> {
  const lock = state.lock;
  state.lock = undefined;
  await lock?.release({ timeoutMs: 15_000 }).catch(() => undefined);
}

/** The hooks see the rollback's target as SWARMLIFT_VERSION, not the checkout's commit. */
function hookContext(context: RunContext, state: RollbackState): RunContext {
  const version = state.choice?.target.version;
  return version === undefined
    ? context
    : { ...context, settings: { ...context.settings, version } };
}

function listSummary(
  context: RunContext,
  state: RollbackState,
  records: readonly DeployHistoryRecord[],
  digest: string | undefined,
  appService: string,
): RunSummary {
  const { settings, reporter } = context;
  let defaultId: string | undefined;
  let why: string | undefined;
  try {
    defaultId = chooseRollbackTarget({ records, servingDigest: digest, appService }).target.id;
  } catch (error) {
    why = (error as Error).message;
  }
  const candidates = rollbackCandidates({ records, servingDigest: digest, appService, defaultId });
  if (candidates.length === 0)
    reporter.info(
      `No successful deploy of ${settings.stack} is recorded: nothing to roll back to.`,
    );
  else {
    reporter.output(`${formatCandidates(candidates)}\n`);
    reporter.info('→ marks the default target, * the version serving now.');
  }
  if (why) reporter.info(`No default target: ${why}`);
  return {
    command: 'rollback',
    status: 'ok',
    exitCode: 0,
    durationMs: Date.now() - state.startedAt.getTime(),
    stack: settings.stack,
    data: { candidates } satisfies RollbackData,
  };
}

/** Prints why the wait failed, switches the static link back, and says which version serves. */
async function notConverged(
  context: RunContext,
  step: Step,
  state: RollbackState,
  result: WaitResult,
): Promise<CliError> {
  const { reporter } = context;
  const target = state.choice?.target as DeployHistoryRecord;
  const lines = failedTaskLines(result);
  if (lines.length) reporter.block('Failed tasks', lines.join('\n'));
  const status = result.status === 'converged' ? 'failed' : result.status;
  if (status !== 'timed_out' && state.staged && state.staticSwitched) {
    await switchStaticBack(context, step, state.staged).then(
      () => {
        state.staticSwitched = false;
      },
      (error: unknown) =>
        step.warn(`the static link could not be switched back: ${(error as Error).message}`),
    );
  }
  if (status === 'rolled_back') {
    state.serving = state.choice?.serving?.version;
    reporter.info(
      `Swarm rolled the services back: ${state.serving ?? 'the version before the rollback'} is serving again.`,
    );
  }
  if (status === 'timed_out')
    return new CliError({
      code: 'CLI_ROLLBACK_NOT_CONVERGED',
      category: 'timed_out',
      message: `The rollback to ${target.version} did not converge within ${Math.round(result.timeoutMs / 1000)} s; it may still converge.`,
      hint: 'Follow it with `swarmlift wait`, or raise WAIT_TIMEOUT (seconds). The static link was left on the target release.',
    });
  return new CliError({
    code: 'CLI_ROLLBACK_NOT_CONVERGED',
    message: `The rollback to ${target.version} ${status === 'rolled_back' ? 'was rolled back by Swarm' : 'failed'}: ${result.services
      .filter((s) => s.outcome === 'failed' || s.outcome === 'rolled_back')
      .map((s) => `${s.name} ${s.reason ?? s.outcome}`)
      .join('; ')}`,
    hint: 'Read the failed tasks’ errors and log lines above (a dependency such as the database may have changed since that version); pick another version or deploy a fix.',
  });
}

/** Records the rollback once it may have changed the swarm; never hides the run's own error. */
async function record(
  context: RunContext,
  state: RollbackState,
  outcome: DeployOutcome,
  error?: unknown,
): Promise<void> {
  const target = state.choice?.target;
  if (!state.lock || !state.applyStarted || !target) return;
  const { settings } = context;
  await recordStep(context, {
    record: deployRecordFromApply({
      stack: settings.stack,
      kind: 'rollback',
      apply: state.applied,
      specs: state.specs,
      plan: state.plan,
      version: target.version,
      image: target.image,
      digest: recordDigest(target, `${settings.stack}_${settings.appService}`),
      outcome,
      performer: settings.performer,
      startedAt: state.startedAt,
      finishedAt: new Date(),
      staticRelease:
        state.staticSwitched || state.staged?.alreadyLive ? state.staged?.release : undefined,
      previousStaticRelease: state.staged?.previous,
      migrations: [],
      rolledBackTo: { id: target.id, version: target.version },
      error:
        error === undefined
          ? undefined
          : {
              code: SwarmliftError.isInstance(error) ? error.code : 'UNEXPECTED',
              message: redact(String((error as Error)?.message ?? error), settings.secrets),
            },
    }),
  });
}

/** Migrations are never reversed: say which ones ran after the target, so the user can decide. */
function reportMigrations(context: RunContext, state: RollbackState): void {
  const after = state.migrationsAfter ?? [];
  const target = state.choice?.target.version ?? '?';
  if (after.length === 0) {
    context.reporter.info(`No migrations were recorded after ${target}.`);
    return;
  }
  context.reporter.block(
    `Migrations applied after ${target} — NOT reversed (the database keeps them)`,
    after.map((m) => `${m.migration}  (by ${m.version})`).join('\n'),
  );
  context.reporter.warn(
    `${after.length} migration${after.length === 1 ? '' : 's'} applied after ${target} stay in the database; check that ${target} works with them, or reverse them yourself (\`swarmlift manage -- migrate APP MIGRATION\`).`,
  );
}

function outcomeOf(error: unknown): DeployOutcome {
  if (CancelledError.isInstance(error)) return 'cancelled';
  if (SwarmliftError.isInstance(error) && error.category === 'timed_out') return 'timed_out';
  if (
    CliError.hasCode(error, 'CLI_ROLLBACK_NOT_CONVERGED') &&
    error.message.includes('rolled back')
  )
    return 'rolled_back';
  return 'failed';
}

function summaryOf(
  context: RunContext,
  state: RollbackState,
  status: RunSummary['status'],
  exitCode: number,
  error?: unknown,
): RunSummary {
  const { settings } = context;
  const target = state.choice?.target;
  return {
    command: 'rollback',
    status,
    exitCode,
    durationMs: Date.now() - state.startedAt.getTime(),
    stack: settings.stack,
    version: target?.version,
    image: target?.image,
    digest: target ? recordDigest(target, `${settings.stack}_${settings.appService}`) : undefined,
    services: state.plan?.services.map((service) => ({
      name: service.name,
      action: service.action,
      image: service.deployImage,
    })),
    staticRelease:
      state.staticSwitched || state.staged?.alreadyLive
        ? state.staged?.release
        : state.staged?.previous,
    serving: state.serving,
    error: error === undefined ? undefined : errorOf(error),
    data: {
      rolledBackTo: target
        ? { id: target.id, version: target.version, kind: target.kind }
        : undefined,
      migrationsAfter: state.migrationsAfter,
    } satisfies RollbackData,
  };
}

function applySummary(applied: DeployRecord): string {
  const changed = applied.services
    .filter((s) => s.action !== 'unchanged')
    .map((s) => `${s.action}d ${s.name}`);
  const removed = applied.removedServices.map((name) => `removed ${name}`);
  return [...changed, ...removed].join(', ') || 'nothing to change';
}
