import { rm } from 'node:fs/promises';
import {
  activateStatic,
  collectStatic,
  formatEvent as formatStaticEvent,
  readStaticState,
  rollbackStatic,
  SyncStaticToManyError,
  syncStatic,
  syncStaticToMany,
} from '@swarmlift/static-sync';
import type { Step } from '../output/reporter.js';
import type { BuildOutcome } from './build-step.js';
import type { StaticHost } from './connections.js';
import { ensureLocalImage } from './ensure-local-image.js';
import { forwardEvents, type RunContext } from './run-context.js';
import { describeLive } from './static-hosts.js';
import { type StaticHostFailure, staticHostsError } from './static-hosts-error.js';

/** A static release uploaded to every static host but not live yet. */
export interface StagedStatic {
  /** The release folder's name (the version). */
  release: string;
  /** The release live before this deploy on the first host (the one recorded). */
  previous: string | undefined;
  /** Each host's release live before; its link goes back to it on a failed deploy. */
  hosts?: { host: string; previous: string | undefined }[];
  /** True when the release was already live on every host (same version): nothing to switch. */
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
 * runner) and uploads them to STATIC_TARGET on every static host (STATIC_HOSTS,
 * else the manager) as a new release, staged but not switched anywhere.
 * Skipped when COLLECTSTATIC=off, and when this version's release is already
 * live on every host (a redeploy of the same commit). One host that cannot
 * be reached or fails the upload: nothing is switched, CLI_STATIC_HOST_FAILED.
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
  const hosts = await context.staticHosts();
  const onEvent = forwardEvents(step, 'static-sync', formatStaticEvent);
  const lives = await onEveryHost(hosts, 'read', async ({ remote }) => {
    const state = await readStaticState({ remote, target: settings.staticTarget, signal });
    return state.live;
  });
  const where =
    hosts.length === 1
      ? settings.staticTarget
      : `${settings.staticTarget} on ${hosts.length} hosts`;
  if (!build.built && lives.every((live) => live === settings.version)) {
    step.skip(`release ${settings.version} is already live in ${where}`);
    return {
      release: settings.version,
      previous: lives[0],
      hosts: hosts.map((h, i) => ({ host: h.host, previous: lives[i] })),
      alreadyLive: true,
    };
  }
  const collected = await (collecting ?? collectStep(context, step, build));
  try {
    const common = {
      source: collected.dir,
      target: settings.staticTarget,
      release: settings.version,
      activate: false,
      signal,
      onEvent,
    } as const;
    const results =
      hosts.length === 1
        ? [await syncStatic({ ...common, remote: (hosts[0] as StaticHost).remote })]
        : await syncToEvery(hosts, common);
    const first = results[0] as (typeof results)[number];
    const uploaded =
      hosts.length === 1
        ? `${first.uploadedFiles} uploaded`
        : `${results.map((r, i) => `${r.uploadedFiles} to ${shortHost(hosts[i] as StaticHost)}`).join(', ')} uploaded`;
    const previous = results.map((r) => r.previous);
    step.done(
      `${collected.files} files collected, ${uploaded}: release ${first.release} staged (live: ${describeLive(
        hosts.map((h, i) => ({ host: shortHost(h), live: previous[i] })),
      )})`,
    );
    return {
      release: first.release,
      previous: previous[0],
      hosts: hosts.map((h, i) => ({ host: h.host, previous: previous[i] })),
      alreadyLive: false,
    };
  } finally {
    await rm(collected.dir, { recursive: true, force: true });
  }
}

/** syncStaticToMany, its failure as CLI_STATIC_HOST_FAILED naming each host. */
async function syncToEvery(
  hosts: readonly StaticHost[],
  common: Omit<Parameters<typeof syncStaticToMany>[0], 'remotes'>,
) {
  try {
    const synced = await syncStaticToMany({ ...common, remotes: hosts.map((h) => h.remote) });
    return synced.hosts;
  } catch (error) {
    if (!SyncStaticToManyError.isInstance(error)) throw error;
    const failures: StaticHostFailure[] = error.failures.map((failure) => ({
      host: hosts.find((h) => sameHost(h, failure.host))?.host ?? failure.host,
      reason: shortReason(failure.error),
      error: failure.error,
    }));
    throw staticHostsError({
      stage: 'upload',
      failures,
      hosts: hosts.length,
      release: common.release,
    });
  }
}

/** Switches the live static link to the staged release on every host (after the services were updated). */
export async function switchStatic(
  context: RunContext,
  step: Pick<Step, 'event' | 'info'>,
  staged: StagedStatic,
): Promise<void> {
  if (staged.alreadyLive) return;
  const { settings, signal } = context;
  const hosts = await context.staticHosts();
  const onEvent = forwardEvents(step, 'static-sync', formatStaticEvent);
  if (hosts.length === 1) {
    await activateStatic({
      remote: (hosts[0] as StaticHost).remote,
      target: settings.staticTarget,
      release: staged.release,
      signal,
      onEvent,
    });
    step.info(`static files: ${settings.staticTarget}/static → release ${staged.release}`);
    return;
  }
  const settled = await Promise.allSettled(
    hosts.map(({ remote }) =>
      activateStatic({
        remote,
        target: settings.staticTarget,
        release: staged.release,
        signal,
        onEvent,
      }),
    ),
  );
  const failures = failuresOf(hosts, settled);
  if (failures.length === 0) {
    step.info(
      `static files: ${settings.staticTarget}/static → release ${staged.release} on ${hosts.map(shortHost).join(', ')}`,
    );
    return;
  }
  // Not every host switched: the ones that did go back, so that all serve the same release.
  const switched = hosts.filter((_, i) => {
    const outcome = settled[i];
    return outcome?.status === 'fulfilled' && outcome.value.switched;
  });
  const putBack = await Promise.all(
    switched.map(async (host) => {
      const previous = staged.hosts?.find((h) => h.host === host.host)?.previous;
      if (previous === undefined) return { host: host.host, ok: false };
      return rollbackStatic({
        remote: host.remote,
        target: settings.staticTarget,
        to: previous,
        timeoutMs: 60_000,
        onEvent,
      }).then(
        () => ({ host: host.host, ok: true }),
        () => ({ host: host.host, ok: false }),
      );
    }),
  );
  throw staticHostsError({ stage: 'switch', failures, release: staged.release, putBack });
}

/**
 * Puts the static link back on the release that was live before this deploy,
 * on every host that had one. Resolves with that release (the first host's);
 * a host that fails is named in the error, after the others went back.
 */
export async function switchStaticBack(
  context: RunContext,
  step: Pick<Step, 'event' | 'info' | 'warn'>,
  staged: StagedStatic,
): Promise<string | undefined> {
  if (staged.alreadyLive) return undefined;
  const { settings } = context;
  const hosts = await context.staticHosts();
  const onEvent = forwardEvents(step, 'static-sync', formatStaticEvent);
  const previousOf = (host: StaticHost, index: number) =>
    staged.hosts?.find((h) => h.host === host.host)?.previous ??
    (index === 0 ? staged.previous : undefined);
  const back = hosts
    .map((host, index) => ({ host, to: previousOf(host, index) }))
    .filter((one): one is { host: StaticHost; to: string } => one.to !== undefined);
  if (back.length === 0) return undefined;
  // Not the run's signal: this clean-up must happen also when the run was cancelled.
  const settled = await Promise.allSettled(
    back.map(({ host, to }) =>
      rollbackStatic({
        remote: host.remote,
        target: settings.staticTarget,
        to,
        timeoutMs: 60_000,
        onEvent,
      }),
    ),
  );
  const failures = failuresOf(
    back.map((b) => b.host),
    settled,
  );
  const returned = back.filter((_, i) => settled[i]?.status === 'fulfilled');
  if (returned.length > 0) {
    step.info(
      hosts.length === 1
        ? `static files: ${settings.staticTarget}/static back on release ${returned[0]?.to}`
        : `static files: ${settings.staticTarget}/static back on ${returned
            .map((r) => `${shortHost(r.host)} ${r.to}`)
            .join(', ')}`,
    );
  }
  if (failures.length > 0) {
    if (hosts.length === 1) throw failures[0]?.error;
    throw new Error(`not on ${failures.map((f) => `${f.host} (${f.reason})`).join(', ')}`);
  }
  return back[0]?.to;
}

/** Runs `work` on every host in parallel; any failure → CLI_STATIC_HOST_FAILED (one host: its own error). */
async function onEveryHost<T>(
  hosts: readonly StaticHost[],
  stage: 'read',
  work: (host: StaticHost) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.allSettled(hosts.map(work));
  const failures = failuresOf(hosts, settled);
  if (failures.length > 0) {
    if (hosts.length === 1) throw failures[0]?.error;
    throw staticHostsError({ stage, failures, hosts: hosts.length });
  }
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

function failuresOf(
  hosts: readonly StaticHost[],
  settled: readonly PromiseSettledResult<unknown>[],
): StaticHostFailure[] {
  return settled.flatMap((outcome, index) =>
    outcome.status === 'rejected'
      ? [
          {
            host: (hosts[index] as StaticHost).host,
            reason: shortReason(outcome.reason),
            error: outcome.reason,
          },
        ]
      : [],
  );
}

/** The first line of an error's message, without its final full stop. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split(/\r?\n/)[0] ?? '').replace(/\.$/, '');
}

/** `198.18.0.4` of `deploy@198.18.0.4:22`: enough to tell hosts apart in one line. */
function shortHost(host: StaticHost): string {
  const target = host.remote.target;
  return target.kind === 'ssh' ? target.host : host.host;
}

/** Whether static-sync's name of a host (`user@host[:port]`) is this host. */
function sameHost(host: StaticHost, name: string): boolean {
  const target = host.remote.target;
  if (target.kind !== 'ssh') return false;
  const described = `${target.user ? `${target.user}@` : ''}${target.host}${target.port ? `:${target.port}` : ''}`;
  return described === name;
}
