import { rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { CancelledError, exitCodeOf, SwarmliftError, TimedOutError } from '@swarmlift/core';
import { redact } from '@swarmlift/env-writer';
import { OneOffError } from '@swarmlift/migrator';
import type { StackLock } from '@swarmlift/remote';
import {
  type DeployOutcome,
  type DeployRecord,
  deployRecordFromApply,
  listDeploys,
  type Plan,
  readServiceSpecs,
  type ServiceSpecs,
  summarizePlan,
} from '@swarmlift/swarm-deployer';
import { CliError } from '../errors.js';
import { errorCodeOf, failureStatusOf, runAfterHook, runPreDeployHook } from '../hooks/index.js';
import type { RunSummary, Step, StepId } from '../output/reporter.js';
import { applyStep, planStep, showPlan } from './apply-step.js';
import { type BuildOutcome, buildStep } from './build-step.js';
import { envStep } from './env-step.js';
import { type LoadedCompose, loadCompose } from './load-compose.js';
import { lockStep } from './lock-step.js';
import { lostNodeLines, stillLostNodes } from './lost-node-lines.js';
import { migrateStep } from './migrate-step.js';
import { migrationsAlreadyRan } from './migrations-already-ran.js';
import { recordStep } from './record-step.js';
import { EventBuffer, type RunContext } from './run-context.js';
import { runStep } from './run-step.js';
import { servingAfterFailure } from './serving-after-failure.js';
import { settingHint } from './setting-hint.js';
import {
  type CollectedStatic,
  collectStep,
  type StagedStatic,
  stageStaticStep,
  switchStatic,
  switchStaticBack,
} from './static-step.js';
import { errorOf, statusOf } from './status-of.js';
import { failedTaskLines, type WaitResult, waitStep } from './wait-step.js';

/** What a deploy has done so far: enough to say, whatever stops it, what state it left. */
interface DeployState {
  startedAt: Date;
  compose?: LoadedCompose;
  build?: BuildOutcome;
  staged?: StagedStatic;
  staticSwitched?: boolean;
  lock?: StackLock;
  plan?: Plan;
  applied?: DeployRecord;
  specs?: ServiceSpecs;
  wait?: WaitResult;
  migrations?: string[];
  serving?: string;
  /** collectstatic started after the build, not yet handed to the static step. */
  collecting?: Promise<CollectedStatic>;
  /** The step running when it stopped. */
  current?: StepId;
}

/**
 * `swarmlift deploy`: the reference pipeline. Steps run in the issue's order;
 * the manager connection opens while the image builds. Every way out —
 * success, failure, SIGTERM — releases the lock, records the outcome on the
 * manager once the swarm may have changed, and says what state the stack is in.
 */
export async function deploy(context: RunContext): Promise<RunSummary> {
  const { settings, reporter } = context;
  const state: DeployState = { startedAt: new Date() };
  // Each step closes itself (done, skip); runStep fails it on an error.
  const run = <T>(id: StepId, title: string, work: (step: Step) => Promise<T>) => {
    state.current = id;
    return runStep(context, id, title, async (step) => [await work(step), undefined] as const);
  };

  try {
    reporter.info(
      `Deploying ${settings.stack} at version ${settings.version} (from ${settings.versionSource}) to ${settings.targetLabel}`,
    );
    // A failing pre-deploy hook stops the run here: nothing built, no lock, nothing changed.
    await runPreDeployHook(context, 'deploy');
    const compose = await run('compose', 'Load the compose file', async (step) => {
      const loaded = await loadCompose(settings, context.env, context.signal);
      for (const warning of loaded.stack.warnings) step.warn(warning.message);
      step.done(
        `${loaded.stack.services.length} services in ${settings.composeFiles.map((f) => relative(settings.cwd, f)).join(', ')}; ${settings.appService} runs ${loaded.image}`,
      );
      return loaded;
    });
    state.compose = compose;

    // The SSH handshake and engine checks happen while the image builds.
    const connecting = context.manager();
    connecting.catch(() => undefined);

    // collectstatic starts once the image is built, while it is pushed and the lock taken.
    const collectEvents = new EventBuffer();
    state.build = await run('build', `Build and push ${compose.image}`, (step) =>
      buildStep(context, step, compose.image, {
        onBuilt: () => {
          if (settings.collectstatic === 'off') return;
          const collecting = collectStep(context, collectEvents.sink, {
            image: compose.image,
            local: true,
          });
          collecting.catch(() => undefined);
          state.collecting = collecting;
        },
      }),
    );
    await run('connect', `Connect to ${settings.targetLabel}`, async (step) => {
      const manager = await connecting;
      step.done(
        manager.hostKey
          ? `host key ${manager.hostKey.fingerprint} verified`
          : `engine at ${settings.targetLabel}`,
      );
    });
    state.lock = await run('lock', `Lock stack ${settings.stack}`, (step) =>
      lockStep(context, step),
    );
    // From here the lock guards the stack; losing it stops the run.
    const signal = AbortSignal.any([
      context.signal ?? new AbortController().signal,
      state.lock.signal,
    ]);
    const guarded: RunContext = { ...context, signal };

    // Planning and reading the history only read: they run while the static files upload.
    const planning = planStep(guarded, compose.stack);
    planning.catch(() => undefined);
    const history = listDeploys({
      remote: await context.manager(),
      stack: settings.stack,
      signal,
    }).then(
      (listed) => listed.records,
      () => [],
    );

    state.staged = await run('static', `Stage static files in ${settings.staticTarget}`, (step) => {
      collectEvents.attach(step);
      const collecting = state.collecting;
      state.collecting = undefined; // the step owns its folder now
      return stageStaticStep(guarded, step, state.build as BuildOutcome, collecting);
    });
    await run('env', `Write ${relative(settings.cwd, compose.envFile)}`, (step) =>
      envStep(guarded, step, compose.envFile),
    );
    const plan = await run('plan', 'Plan the stack', async (step) => {
      const made = await planning;
      showPlan(guarded, made);
      step.done(made.unchanged ? 'no changes' : planCounts(made));
      return made;
    });
    state.plan = plan;

    const image = pinnedImage(compose.image, state.build?.digest);
    if (settings.migrate === 'before') {
      await run('migrate', 'Migrate the database (before the update)', (step) =>
        runMigrations(guarded, step, state, image, compose),
      );
    }

    await run('apply', `Apply to stack ${settings.stack}`, async (step) => {
      if (plan.unchanged) {
        step.skip('the stack already runs this');
      } else {
        state.applied = await applyStep(guarded, step, plan);
        // Read before waiting: a rollback by Swarm would change them.
        state.specs = await readServiceSpecs({
          remote: await context.manager(),
          stack: settings.stack,
          signal,
        });
      }
      if (state.staged) {
        await switchStatic(guarded, step, state.staged);
        state.staticSwitched = !state.staged.alreadyLive;
      }
      if (!plan.unchanged) step.done(applySummary(state.applied as DeployRecord));
    });

    await run('wait', 'Wait for the services to converge', async (step) => {
      if (!state.applied) {
        step.skip('nothing changed');
        return;
      }
      const result = await waitStep(guarded, step, state.applied);
      state.wait = result;
      if (result.ok) {
        for (const line of lostNodeLines(result.lostNodes)) step.warn(line);
        const lost = stillLostNodes(result.lostNodes);
        step.done(
          `converged in ${(result.durationMs / 1000).toFixed(1)} s${lost.length ? ` on the remaining nodes (lost: ${lost.join(', ')})` : ''}`,
        );
        return;
      }
      throw await notConverged(guarded, step, state, result);
    });

    if (settings.migrate === 'after') {
      await run('migrate', 'Migrate the database', async (step) => {
        const ran = plan.unchanged
          ? migrationsAlreadyRan(await history, settings.version)
          : undefined;
        if (ran) {
          step.skip(
            `${settings.version} is serving and its migrations ran when it was deployed (record ${ran.id}); \`swarmlift migrate\` runs them again`,
          );
          return;
        }
        await runMigrations(guarded, step, state, image, compose);
      });
    }
    state.current = undefined;
    const outcome: DeployOutcome =
      plan.unchanged && !state.migrations?.length ? 'unchanged' : 'deployed';
    await record(context, state, outcome);
    // The hook runs once the lock is given back; its failure is a warning, the deploy stands.
    await releaseLock(state);
    await runAfterHook(context, 'post-deploy', {
      command: 'deploy',
      status: outcome === 'unchanged' ? 'unchanged' : 'deployed',
    });
    return summaryOf(context, state, outcome === 'unchanged' ? 'unchanged' : 'deployed', 0);
  } catch (error) {
    const outcome = outcomeOf(error);
    explainStop(context, state, error);
    await record(context, state, outcome, error);
    reporter.error(error);
    const hint = settingHint(error);
    if (hint) reporter.info(hint);
    // After the error is printed, with the lock given back; nothing it does changes the result.
    await releaseLock(state);
    await runAfterHook(context, 'on-failure', {
      command: 'deploy',
      status: failureStatusOf(error),
      errorCode: errorCodeOf(error),
      // After Ctrl-C the run's signal is already aborted: the hook still runs (a second Ctrl-C kills it).
      signal: context.signal?.aborted ? undefined : context.signal,
    });
    return summaryOf(context, state, statusOf(error), exitCodeOf(error), error);
  } finally {
    await releaseLock(state);
    // A collection the run never got to upload.
    await state.collecting?.then(
      (collected) => rm(collected.dir, { recursive: true, force: true }),
      () => undefined,
    );
  }
}

async function runMigrations(
  context: RunContext,
  step: Step,
  state: DeployState,
  image: string,
  compose: LoadedCompose,
): Promise<void> {
  if (context.settings.migrate === 'off') return;
  try {
    const result = await migrateStep(context, step, {
      image,
      envFile: compose.envFile,
      networks: compose.appNetworks,
      constraints: compose.appConstraints,
      lock: state.lock,
    });
    state.migrations = result.applied;
    step.done(
      result.applied.length
        ? `applied ${result.applied.length}: ${result.applied.join(', ')}`
        : 'no migrations to apply',
    );
  } catch (error) {
    if (!OneOffError.isInstance(error) || error.exitCode === undefined) throw error;
    context.reporter.block('manage.py migrate output', error.lastLines.join('\n'));
    const before = context.settings.migrate === 'before';
    throw new CliError({
      code: 'CLI_MIGRATION_FAILED',
      message: before
        ? `Migrations failed (exit code ${error.exitCode}) with the new image ${context.settings.version}, so nothing was deployed: the previous version is still serving.`
        : `Migrations failed (exit code ${error.exitCode}): the new code ${context.settings.version} is serving and the database is NOT migrated. There is no automatic rollback of code over a half-applied migration.`,
      hint: before
        ? 'Read the traceback above, fix the migration and deploy again.'
        : 'Read the traceback above. Fix the migration and deploy again, or run `swarmlift migrate --plan` to see what is pending; decide yourself whether to roll the code back.',
      cause: error,
    });
  }
}

/** Prints why the wait failed, switches the static link back, and says which version serves. */
async function notConverged(
  context: RunContext,
  step: Step,
  state: DeployState,
  result: WaitResult,
): Promise<CliError> {
  const { settings, reporter } = context;
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
  const appService = `${settings.stack}_${settings.appService}`;
  const failureAction = (
    state.compose?.app.spec.UpdateConfig as { FailureAction?: string } | undefined
  )?.FailureAction;
  const serving = servingAfterFailure({
    plan: state.plan as Plan,
    appService,
    status,
    failureAction,
    version: settings.version,
  });
  state.serving = serving.version;
  reporter.info(serving.message);
  const lost = stillLostNodes(result.lostNodes);
  const lostText = lost.length
    ? ` Node${lost.length === 1 ? '' : 's'} lost: ${lost.join(', ')}.`
    : '';
  if (status === 'timed_out') {
    return new CliError({
      code: 'CLI_DEPLOY_NOT_CONVERGED',
      category: 'timed_out',
      message: `The stack did not converge within ${Math.round(result.timeoutMs / 1000)} s; it may still converge.${lostText}`,
      hint: 'Follow it with `swarmlift wait`, or raise WAIT_TIMEOUT (seconds). The static link was left on the new release.',
    });
  }
  return new CliError({
    code: 'CLI_DEPLOY_NOT_CONVERGED',
    message: `The deploy of ${settings.version} ${status === 'rolled_back' ? 'was rolled back by Swarm' : 'failed'}: ${result.services
      .filter((s) => s.outcome === 'failed' || s.outcome === 'rolled_back')
      .map((s) => `${s.name} ${s.reason ?? s.outcome}`)
      .join('; ')}${lostText ? `.${lostText}` : ''}`,
    hint: 'Read the failed tasks’ errors and log lines above, fix the cause and deploy again.',
  });
}

/** After a stop: what state the run left, in words. */
function explainStop(context: RunContext, state: DeployState, error: unknown): void {
  if (!CancelledError.isInstance(error) && !TimedOutError.isInstance(error)) return;
  const { reporter } = context;
  const where = state.current ? ` during ${state.current}` : '';
  const parts = [`Stopped${where}.`];
  if (!state.applied) parts.push('The stack was not changed.');
  else if (!state.wait)
    parts.push('The stack was updated and Swarm goes on rolling it out; nothing was rolled back.');
  if (state.staticSwitched) parts.push(`The static link is on release ${state.staged?.release}.`);
  else if (state.staged && !state.staged.alreadyLive)
    parts.push(`Static release ${state.staged.release} was staged but not switched.`);
  if (state.lock) parts.push('The lock is released.');
  reporter.info(parts.join(' '));
}

/** Records the run on the manager once it may have changed the swarm; never hides the run's own error. */
async function record(
  context: RunContext,
  state: DeployState,
  outcome: DeployOutcome,
  error?: unknown,
): Promise<void> {
  if (!state.lock || !state.plan || !state.compose) return;
  if (outcome === 'unchanged') return; // a no-change redeploy leaves the history as it is
  await recordStep(context, {
    record: deployRecordFromApply({
      stack: context.settings.stack,
      apply: state.applied,
      specs: state.specs,
      plan: state.plan,
      version: context.settings.version,
      image: state.compose.image,
      digest: state.build?.digest,
      outcome,
      performer: context.settings.performer,
      startedAt: state.startedAt,
      finishedAt: new Date(),
      staticRelease:
        state.staticSwitched || state.staged?.alreadyLive ? state.staged?.release : undefined,
      previousStaticRelease: state.staged?.previous,
      migrations: state.migrations ?? [],
      error: error === undefined ? undefined : errorSummary(context, error),
    }),
  });
}

/** Gives the lock back (idempotent: the `finally` calls it again). */
async function releaseLock(state: DeployState): Promise<void> {
  await state.lock?.release({ timeoutMs: 15_000 }).catch(() => undefined);
}

function outcomeOf(error: unknown): DeployOutcome {
  if (CancelledError.isInstance(error)) return 'cancelled';
  if (SwarmliftError.isInstance(error) && error.category === 'timed_out') return 'timed_out';
  if (CliError.hasCode(error, 'CLI_DEPLOY_NOT_CONVERGED') && error.message.includes('rolled back'))
    return 'rolled_back';
  return 'failed';
}

function errorSummary(context: RunContext, error: unknown): { code: string; message: string } {
  const code = SwarmliftError.isInstance(error) ? error.code : 'UNEXPECTED';
  return {
    code,
    message: redact(String((error as Error)?.message ?? error), context.settings.secrets),
  };
}

function summaryOf(
  context: RunContext,
  state: DeployState,
  status: RunSummary['status'],
  exitCode: number,
  error?: unknown,
): RunSummary {
  const { settings } = context;
  return {
    command: 'deploy',
    status,
    exitCode,
    durationMs: Date.now() - state.startedAt.getTime(),
    stack: settings.stack,
    version: settings.version,
    image: state.compose?.image,
    digest: state.build?.digest,
    services: state.plan?.services.map((service) => ({
      name: service.name,
      action: service.action,
      image: service.deployImage,
    })),
    migrations: state.migrations,
    staticRelease:
      state.staticSwitched || state.staged?.alreadyLive
        ? state.staged?.release
        : state.staged?.previous,
    serving: state.serving,
    error: error === undefined ? undefined : errorOf(error),
  };
}

function pinnedImage(image: string, digest: string | undefined): string {
  return digest && !image.includes('@') ? `${image}@${digest}` : image;
}

function planCounts(plan: Plan): string {
  const { create, update, remove, unchanged } = summarizePlan(plan).services;
  return `services: ${create} to create, ${update} to update, ${remove} to remove, ${unchanged} unchanged`;
}

function applySummary(record: DeployRecord): string {
  const changed = record.services
    .filter((s) => s.action !== 'unchanged')
    .map((s) => `${s.action}d ${s.name}`);
  const removed = record.removedServices.map((name) => `removed ${name}`);
  return [...changed, ...removed].join(', ') || 'nothing to change';
}
