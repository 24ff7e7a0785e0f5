import type { Remote } from '@swarmlift/remote';

/** How events and errors name a server: `user@host:port`, or the local socket. */
export function describeHost(remote: Pick<Remote, 'target'>): string {
  const target = remote.target;
  if (target.kind === 'ssh') {
    return `${target.user ? `${target.user}@` : ''}${target.host}${target.port ? `:${target.port}` : ''}`;
  }
  if (target.kind === 'tcp') return `${target.host}:${target.port}`;
  return 'local';
}
