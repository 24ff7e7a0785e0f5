import { abortReasonError, OptionsError, throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkSession } from './check-call-options.js';
import { describeHost } from './describe-host.js';
import { SyncStaticToManyError } from './errors.js';
import { once, scanSource } from './scan-source.js';
import { discardStagedRelease, type StagedRelease, stageRelease } from './stage-release.js';
import {
  type CheckedSyncOptions,
  checkSyncOptions,
  goLive,
  keepStaged,
  resultOf,
  type SyncStaticOptions,
  type SyncStaticResult,
  stagedResultOf,
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
 * parallel; with `activate: false`, none: the release stays staged on every host). If any upload fails, or the call is aborted before the switch,
 * no link is switched and the releases staged on the hosts are removed.
 */
export async function syncStaticToMany(
  options: SyncStaticToManyOptions,
): Promise<SyncStaticToManyResult> {
  const started = Date.now();
  if (options.remotes.length === 0) {
    throw new OptionsError({
      field: 'remotes',
      message: 'is empty.',
      hint: 'Pass one connected Remote per nginx host.',
    });
  }
  const hosts = options.remotes.map((entry, index) => {
    const pair = typeof entry === 'object' && entry !== null && 'remote' in entry;
    const remote = pair ? entry.remote : (entry as Remote);
    checkSession(remote, pair ? `remotes[${index}].remote` : `remotes[${index}]`);
    const target = pair ? entry.target : options.target;
    if (target === undefined) {
      throw new OptionsError({
        field: 'target',
        message: `no target for ${describeHost(remote)}.`,
        hint: 'Pass target for all hosts, or { remote, target } for each.',
      });
    }
    return { remote, checked: checkSyncOptions({ ...options, target }) };
  });
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `syncStaticToMany of release ${options.release}`,
  });
  try {
    const { signal } = deadline;
    throwIfAborted(signal);
    const files = once(() => scanSource(options.source, { hashCache: options.hashCache, signal }));
    const settled = await Promise.allSettled(
      hosts.map(({ remote, checked }) => stageRelease(remote, { ...checked, files, signal })),
    );
    const failures = settled.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [{ host: describeHost(hosts[index]?.remote as Remote), error: outcome.reason as Error }]
        : [],
    );
    if (failures.length > 0 || signal?.aborted) {
      // A host that failed removed (or left for its next sync) its own staging folder.
      await discardAll(hosts, settled);
      if (signal?.aborted) throw abortReasonError(signal);
      throw new SyncStaticToManyError({
        release: options.release,
        hosts: settled.length,
        failures,
      });
    }
    const staged = settled.map(
      (outcome) => (outcome as PromiseFulfilledResult<StagedRelease>).value,
    );
    if (options.activate === false) {
      // Staged on every host; no link moves (activateStatic per host switches later).
      await Promise.all(
        staged.map((one, index) => {
          const { remote, checked } = hosts[index] as (typeof hosts)[number];
          return keepStaged(remote, one, checked, signal).catch(() => {});
        }),
      );
      if (signal?.aborted) throw abortReasonError(signal);
      return {
        hosts: staged.map((one) => ({
          host: one.host,
          ...stagedResultOf(one),
          durationMs: Date.now() - started,
        })),
        durationMs: Date.now() - started,
      };
    }
    // Past this point the links switch on every host; an abort only skips the pruning.
    const live = await Promise.all(
      staged.map((one, index) => {
        const { remote, checked } = hosts[index] as (typeof hosts)[number];
        return goLive(remote, one, checked, signal);
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
  } finally {
    deadline.dispose();
  }
}

/** Removes the releases staged on the hosts that got that far (not those there before). */
async function discardAll(
  hosts: ReadonlyArray<{ remote: Remote; checked: CheckedSyncOptions }>,
  settled: ReadonlyArray<PromiseSettledResult<StagedRelease>>,
): Promise<void> {
  await Promise.all(
    settled.map(async (outcome, index) => {
      if (outcome.status !== 'fulfilled' || outcome.value.existed) return;
      const { remote, checked } = hosts[index] as (typeof hosts)[number];
      await discardStagedRelease(remote, {
        host: outcome.value.host,
        target: checked.target,
        release: outcome.value.release,
        emit: checked.emit,
      });
    }),
  );
}
