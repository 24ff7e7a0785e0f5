import { rm } from 'node:fs/promises';
import {
  activateStatic,
  collectStatic,
  formatEvent as formatStaticEvent,
  readStaticState,
  rollbackStatic,
  syncStatic,
} from '@swarmlift/static-sync';
import type { Step } from '../output/reporter.js';
import type { BuildOutcome } from './build-step.js';
import { ensureLocalImage } from './ensure-local-image.js';
import { forwardEvents, type RunContext } from './run-context.js';

/** A static release uploaded to the manager but not live yet. */
export interface StagedStatic {
  /** The release folder's name (the version). */
  release: string;
  /** The release live before this deploy; the link goes back to it on a failed deploy. */
  previous: string | undefined;
  /** True when the release was already live (same version): nothing to switch. */
  alreadyLive: boolean;
}

export type CollectedStatic = Awaited<ReturnType<typeof collectStatic>>;

/**
 * Runs `collectstatic` (in the image, or on the runner), events into `sink`.
 * The deploy starts it as soon as the image is built, while the image is
 * pushed and the lock taken; the static step then only uploads.
 */
export async function collectStep(
  context: RunContext,
  sink: Pick<Step, 'event'>,
  build: Pick<BuildOutcome, 'image' | 'local'>,
): Promise<CollectedStatic> {
  const { settings, signal } = context;
  const onEvent = forwardEvents(sink, 'static-sync', formatStaticEvent);
  return settings.collectstatic === 'host'
    ? collectStatic({
        mode: 'host',
        appDir: settings.appDir,
        env: settings.appEnv,
        signal,
        onEvent,
      })
    : collectStatic({
        image: build.image,
        remote: await ensureLocalImage(context, build),
        env: settings.appEnv,
        signal,
        onEvent,
      });
}

/**
 * Collects the static files (in the built image by default, or on the
 * runner) and uploads them to STATIC_TARGET on the manager as a new release,
 * staged but not switched. Skipped when COLLECTSTATIC=off, and when this
 * version's release is already live (a redeploy of the same commit).
 */
export async function stageStaticStep(
  context: RunContext,
  step: Step,
  build: Pick<BuildOutcome, 'image' | 'local' | 'built'>,
  /** A collection already started (see collectStep); else this step collects. */
  collecting?: Promise<CollectedStatic>,
): Promise<StagedStatic | undefined> {
  const { settings, signal } = context;
  if (settings.collectstatic === 'off') {
    step.skip('COLLECTSTATIC=off');
    return undefined;
  }
  const manager = await context.manager();
  const onEvent = forwardEvents(step, 'static-sync', formatStaticEvent);
  const state = await readStaticState({ remote: manager, target: settings.staticTarget, signal });
  if (!build.built && state.live === settings.version) {
    step.skip(`release ${settings.version} is already live in ${settings.staticTarget}`);
    return { release: settings.version, previous: state.live, alreadyLive: true };
  }
  const collected = await (collecting ?? collectStep(context, step, build));
  try {
    const synced = await syncStatic({
      remote: manager,
      source: collected.dir,
      target: settings.staticTarget,
      release: settings.version,
      activate: false,
      signal,
      onEvent,
    });
    step.done(
      `${collected.files} files collected, ${synced.uploadedFiles} uploaded to release ${synced.release} (staged; live: ${synced.previous ?? 'none'})`,
    );
    return { release: synced.release, previous: synced.previous, alreadyLive: false };
  } finally {
    await rm(collected.dir, { recursive: true, force: true });
  }
}

/** Switches the live static link to the staged release (after the services were updated). */
export async function switchStatic(
  context: RunContext,
  step: Pick<Step, 'event' | 'info'>,
  staged: StagedStatic,
): Promise<void> {
  if (staged.alreadyLive) return;
  const { settings, signal } = context;
  await activateStatic({
    remote: await context.manager(),
    target: settings.staticTarget,
    release: staged.release,
    signal,
    onEvent: forwardEvents(step, 'static-sync', formatStaticEvent),
  });
  step.info(`static files: ${settings.staticTarget}/static → release ${staged.release}`);
}

/** Puts the static link back on the release that was live before this deploy. */
export async function switchStaticBack(
  context: RunContext,
  step: Pick<Step, 'event' | 'info' | 'warn'>,
  staged: StagedStatic,
): Promise<string | undefined> {
  if (staged.alreadyLive || staged.previous === undefined) return undefined;
  const { settings } = context;
  // Not the run's signal: this clean-up must happen also when the run was cancelled.
  await rollbackStatic({
    remote: await context.manager(),
    target: settings.staticTarget,
    to: staged.previous,
    timeoutMs: 60_000,
    onEvent: forwardEvents(step, 'static-sync', formatStaticEvent),
  });
  step.info(`static files: ${settings.staticTarget}/static back on release ${staged.previous}`);
  return staged.previous;
}
