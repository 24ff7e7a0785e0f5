import { imageExists } from '@swarmlift/image-builder';
import { readStaticState } from '@swarmlift/static-sync';
import { type DeployHistoryRecord, type Plan, planRestoreDeploy } from '@swarmlift/swarm-deployer';
import type { RunContext } from '../pipeline/run-context.js';
import { imagesToCheck } from './images-to-check.js';
import { rollbackProblems } from './rollback-problems.js';

export interface RollbackCheck {
  /** The restore as planned now (it is planned again under the lock). */
  plan: Plan;
  /** The static release live now. */
  liveStatic: string | undefined;
}

/**
 * Everything a rollback to `target` needs, checked at once before anything
 * changes: its images by digest in the registry, its static release on the
 * manager, and the networks, secrets and configs its specs refer to. Throws
 * the refusal naming every missing thing.
 */
export async function checkRollback(
  context: RunContext,
  target: DeployHistoryRecord,
): Promise<RollbackCheck> {
  const { settings, signal } = context;
  const remote = await context.manager();
  const images = imagesToCheck(target, settings.registry);
  const [checkedImages, staticState, planned] = await Promise.allSettled([
    Promise.all(
      images.map(async (image) => ({
        image,
        exists: (await imageExists({ image, credentials: settings.credentials, signal })).exists,
      })),
    ),
    target.staticRelease === undefined
      ? undefined
      : readStaticState({ remote, target: settings.staticTarget, signal, timeoutMs: 20_000 }),
    planRestoreDeploy({ remote, record: target, signal, timeoutMs: 20_000 }),
  ]);
  // A registry or manager that did not answer stops the check as it is.
  if (checkedImages.status === 'rejected') throw checkedImages.reason;
  if (staticState.status === 'rejected') throw staticState.reason;
  const problem = rollbackProblems({
    version: target.version,
    images: checkedImages.value,
    staticRelease: target.staticRelease,
    staticTarget: settings.staticTarget,
    releases: staticState.value?.releases,
  });
  if (problem) throw problem;
  if (planned.status === 'rejected') throw planned.reason;
  return { plan: planned.value, liveStatic: staticState.value?.live };
}
