import { imageExists } from '@swarmlift/image-builder';
import { readStaticState, type StaticState } from '@swarmlift/static-sync';
import { type DeployHistoryRecord, type Plan, planRestoreDeploy } from '@swarmlift/swarm-deployer';
import type { RunContext } from '../pipeline/run-context.js';
import { staticHostsError } from '../pipeline/static-hosts-error.js';
import { shortReason } from '../pipeline/static-step.js';
import { imagesToCheck } from './images-to-check.js';
import { rollbackProblems } from './rollback-problems.js';

export interface RollbackCheck {
  /** The restore as planned now (it is planned again under the lock). */
  plan: Plan;
  /** The static release live now (on the first static host). */
  liveStatic: string | undefined;
  /** Each static host's live release (STATIC_HOSTS, else the manager). */
  liveByHost: { host: string; previous: string | undefined }[];
}

/**
 * Everything a rollback to `target` needs, checked at once before anything
 * changes: its images by digest in the registry, its static release on every
 * static host, and the networks, secrets and configs its specs refer to. Throws
 * the refusal naming every missing thing.
 */
export async function checkRollback(
  context: RunContext,
  target: DeployHistoryRecord,
): Promise<RollbackCheck> {
  const { settings, signal } = context;
  const remote = await context.manager();
  const images = imagesToCheck(target, settings.registry);
  const [checkedImages, staticStates, planned] = await Promise.allSettled([
    Promise.all(
      images.map(async (image) => ({
        image,
        exists: (await imageExists({ image, credentials: settings.credentials, signal })).exists,
      })),
    ),
    target.staticRelease === undefined ? undefined : readEveryHost(context),
    planRestoreDeploy({ remote, record: target, signal, timeoutMs: 20_000 }),
  ]);
  // A registry or host that did not answer stops the check as it is.
  if (checkedImages.status === 'rejected') throw checkedImages.reason;
  if (staticStates.status === 'rejected') throw staticStates.reason;
  const states = staticStates.value;
  const problem = rollbackProblems({
    version: target.version,
    images: checkedImages.value,
    staticRelease: target.staticRelease,
    staticTarget: settings.staticTarget,
    releases: states?.[0]?.state.releases,
    hostReleases: states?.map(({ host, state }) => ({ host, releases: state.releases })),
  });
  if (problem) throw problem;
  if (planned.status === 'rejected') throw planned.reason;
  return {
    plan: planned.value,
    liveStatic: states?.[0]?.state.live,
    liveByHost: (states ?? []).map(({ host, state }) => ({ host, previous: state.live })),
  };
}

/** The static state of every static host, read in parallel; a host that fails is named. */
async function readEveryHost(context: RunContext) {
  const { settings, signal } = context;
  const hosts = await context.staticHosts();
  const settled = await Promise.allSettled(
    hosts.map(async ({ host, remote }) => ({
      host,
      state: await readStaticState({
        remote,
        target: settings.staticTarget,
        signal,
        timeoutMs: 20_000,
      }),
    })),
  );
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected'
      ? [
          {
            host: hosts[index]?.host ?? '?',
            reason: shortReason(outcome.reason),
            error: outcome.reason,
          },
        ]
      : [],
  );
  if (failures.length > 0) {
    if (hosts.length === 1) throw failures[0]?.error;
    throw staticHostsError({ stage: 'read', failures, hosts: hosts.length });
  }
  return settled.map(
    (outcome) => (outcome as PromiseFulfilledResult<{ host: string; state: StaticState }>).value,
  );
}
