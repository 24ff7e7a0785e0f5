import { abortReasonError } from '@swarmlift/core';
import { execa } from 'execa';

export interface OciLabelOptions {
  /** Full commit SHA; default GITHUB_SHA, else `git rev-parse HEAD` in `cwd`. */
  revision?: string | undefined;
  /** Repository URL; default `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY`, else git's `origin` as an https URL. */
  source?: string | undefined;
  /** RFC 3339 time; default SOURCE_DATE_EPOCH, else the commit time of `revision`, else now. */
  created?: string | undefined;
}

/**
 * The `org.opencontainers.image.{revision,source,created}` labels. The
 * default `created` is the commit time, so that rebuilding the same commit
 * hits the build cache; a value nothing can tell is left out.
 */
export async function ociLabels(
  options: OciLabelOptions & {
    cwd: string;
    env?: Record<string, string | undefined>;
    signal?: AbortSignal | undefined;
  },
): Promise<Record<string, string>> {
  const env = options.env ?? process.env;
  const { signal } = options;
  const git = async (args: string[]) => {
    const result = await execa('git', args, {
      cwd: options.cwd,
      reject: false,
      ...(signal ? { cancelSignal: signal } : {}),
    });
    if (signal?.aborted) throw abortReasonError(signal);
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  };
  const revision = options.revision ?? env.GITHUB_SHA ?? (await git(['rev-parse', 'HEAD']));
  const source =
    options.source ??
    (env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
      : undefined) ??
    httpsUrl(await git(['remote', 'get-url', 'origin']));
  let created = options.created;
  if (created === undefined && env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) {
    created = new Date(Number(env.SOURCE_DATE_EPOCH) * 1000).toISOString();
  }
  if (created === undefined && revision) {
    const time = await git(['show', '-s', '--format=%cI', revision]);
    if (time) created = new Date(time).toISOString();
  }
  created ??= new Date().toISOString();
  return {
    ...(revision ? { 'org.opencontainers.image.revision': revision } : {}),
    ...(source ? { 'org.opencontainers.image.source': source } : {}),
    'org.opencontainers.image.created': created,
  };
}

/** `git@github.com:o/r.git` and `https://user:token@host/o/r.git` → `https://host/o/r` (never credentials). */
export function httpsUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(remote);
    if (!['http:', 'https:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    return `https://${url.hostname}${url.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '')}`;
  } catch {
    return undefined;
  }
}
