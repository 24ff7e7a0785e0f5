import type { Remote } from '@swarmlift/remote';
import { describeHost } from './describe-host.js';
import { StaticSyncError } from './errors.js';
import { removeStaging } from './remote-release.js';
import { once, scanSource } from './scan-source.js';
import { type StagedRelease, stageRelease } from './stage-release.js';
import {
  checkSyncOptions,
  goLive,
  resultOf,
  type SyncStaticOptions,
  type SyncStaticResult,
} from './sync-static.js';

export interface SyncStaticToManyOptions extends Omit<SyncStaticOptions, 'remote' | 'target'> {
  /** One session per nginx host, each with `target` or its own. */
  remotes: ReadonlyArray<Remote | { remote: Remote; target: string }>;
  /** The folder on every host, unless a host names its own. */
  target?: string;
}

export interface SyncStaticToManyResult {
  /** In the order of `remotes`. */
  hosts: Array<SyncStaticResult & { host: string }>;
  durationMs: number;
}

/**
 * syncStatic for several nginx hosts: uploads to all in parallel, and only
 * when every host has the complete release switches the links (again in
 * parallel). If any upload fails, no link is switched and the releases
 * staged on the other hosts are removed.
 */
export async function syncStaticToMany(
  options: SyncStaticToManyOptions,
): Promise<SyncStaticToManyResult> {
  const started = Date.now();
  if (options.remotes.length === 0) {
    throw new StaticSyncError({
      code: 'OPTION_INVALID',
      message: 'remotes is empty.',
      hint: 'Pass one connected Remote per nginx host.',
    });
  }
  const hosts = options.remotes.map((entry) => {
    const remote = 'remote' in entry ? entry.remote : entry;
    const target = 'remote' in entry ? entry.target : options.target;
    if (target === undefined) {
      throw new StaticSyncError({
        code: 'OPTION_INVALID',
        message: `No target for ${describeHost(remote)}.`,
        hint: 'Pass target for all hosts, or { remote, target } for each.',
      });
    }
    return { remote, checked: checkSyncOptions({ ...options, target }) };
  });
  const files = once(() => scanSource(options.source, { hashCache: options.hashCache }));
  const settled = await Promise.allSettled(
    hosts.map(({ remote, checked }) => stageRelease(remote, { ...checked, files })),
  );
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected'
      ? [{ host: describeHost(hosts[index]?.remote as Remote), error: outcome.reason as Error }]
      : [],
  );
  if (failures.length > 0) {
    await Promise.allSettled(
      settled.map(async (outcome, index) => {
        if (outcome.status !== 'fulfilled' || outcome.value.existed) return;
        const { remote, checked } = hosts[index] as (typeof hosts)[number];
        await discardStaged(remote, outcome.value, checked.target);
        checked.emit({
          type: 'staged_release_discarded',
          host: outcome.value.host,
          release: outcome.value.release,
        });
      }),
    );
    throw new StaticSyncError({
      code: 'SYNC_MANY_FAILED',
      message:
        `Release ${options.release} reached ${settled.length - failures.length} of ${settled.length} hosts; no link was switched.\n` +
        failures.map(({ host, error }) => `  ${host}: ${error.message}`).join('\n'),
      hint: 'Every host still serves its previous release. Fix the failing host(s) and run the sync again.',
      cause: failures[0]?.error,
    });
  }
  const staged = settled.map((outcome) => (outcome as PromiseFulfilledResult<StagedRelease>).value);
  const live = await Promise.all(
    staged.map((one, index) => {
      const { remote, checked } = hosts[index] as (typeof hosts)[number];
      return goLive(remote, one, checked);
    }),
  );
  return {
    hosts: staged.map((one, index) => ({
      host: one.host,
      ...resultOf(one),
      ...(live[index] as Awaited<ReturnType<typeof goLive>>),
      durationMs: Date.now() - started,
    })),
    durationMs: Date.now() - started,
  };
}

/** Removes a release folder that was staged but never went live. */
async function discardStaged(remote: Remote, staged: StagedRelease, target: string) {
  await removeStaging(remote, { target, release: staged.release });
  await remote.exec([
    'rm',
    '-rf',
    '--',
    `${target}/releases/${staged.release}`,
    `${target}/manifests/${staged.release}.tsv`,
  ]);
}
