/**
 * Who deploys, for the lock and the deploy record: the GitHub Actions run's
 * URL (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`,
 * plus `/attempts/N` when there is a run attempt), else `user@host`.
 */
export function performerOf(
  env: Readonly<Record<string, string | undefined>>,
  local: { user: string; host: string },
): string {
  const server = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY?.trim();
  const runId = env.GITHUB_RUN_ID?.trim();
  if (server && repository && runId && /^\d+$/.test(runId)) {
    const attempt = env.GITHUB_RUN_ATTEMPT?.trim();
    const suffix = attempt && /^\d+$/.test(attempt) ? `/attempts/${attempt}` : '';
    return `${server}/${repository}/actions/runs/${runId}${suffix}`;
  }
  return `${local.user || 'unknown'}@${local.host || 'localhost'}`;
}
