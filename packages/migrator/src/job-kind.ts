import type Docker from 'dockerode';

/**
 * How a one-off job is expressed to Swarm:
 * - `replicated-job`: `Mode.ReplicatedJob` (Engine API 1.41+).
 * - `replicated`: a replicated service with one replica and restart condition
 *   `none` — one task, never restarted, the same exit code and logs.
 */
export type JobKind = 'replicated-job' | 'replicated';

/**
 * Docker before 24 (API < 1.43) does not remove a replicated job's tasks when
 * the job service is removed (moby/moby#44312, fixed by moby/swarmkit#3112):
 * the task record stays in the swarm and its exited container on the node.
 * `auto` therefore uses `replicated-job` where removal works and `replicated`
 * before that, so every run is cleaned up completely.
 */
export const JOB_REMOVAL_FIXED_API = '1.43';

const versions = new WeakMap<Docker, Promise<string>>();

/** The engine's API version, asked once per dockerode instance. */
export function engineApiVersion(docker: Docker): Promise<string> {
  let version = versions.get(docker);
  if (!version) {
    version = docker.version().then((v: { ApiVersion?: string }) => v.ApiVersion ?? '0');
    version.catch(() => versions.delete(docker));
    versions.set(docker, version);
  }
  return version;
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export async function resolveJobKind(
  docker: Docker,
  requested: JobKind | 'auto' | undefined,
): Promise<JobKind> {
  if (requested && requested !== 'auto') return requested;
  const version = await engineApiVersion(docker);
  return compareApiVersions(version, JOB_REMOVAL_FIXED_API) >= 0 ? 'replicated-job' : 'replicated';
}
