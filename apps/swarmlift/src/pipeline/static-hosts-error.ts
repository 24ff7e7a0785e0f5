import { SwarmliftError } from '@swarmlift/core';
import { CliError } from '../errors.js';

/** One static host that failed, and why in a few words. */
export interface StaticHostFailure {
  host: string;
  reason: string;
  error: unknown;
}

export interface StaticHostsErrorInput {
  /** Where it failed: connecting, reading the state, uploading, switching the link. */
  stage: 'connect' | 'read' | 'upload' | 'switch';
  failures: readonly StaticHostFailure[];
  /** How many hosts there are. */
  hosts?: number;
  release?: string;
  /** After a failed switch: the hosts that had switched and were put back (or could not be). */
  putBack?: { host: string; ok: boolean }[];
}

/**
 * The error for static hosts that failed: `CLI_STATIC_HOST_FAILED`, naming
 * every failed host and why. Exit 3 when every failure is a host that could
 * not be reached or trusted (SSH down, refused, host key), else 1. Pure.
 */
export function staticHostsError(input: StaticHostsErrorInput): CliError {
  const { failures } = input;
  const list = failures.map((f) => `  ${f.host}: ${f.reason}`).join('\n');
  const unreachable = failures.every(
    (f) => SwarmliftError.isInstance(f.error) && f.error.category === 'unreachable',
  );
  const count = failures.length === 1 ? 'a static host' : `${failures.length} static hosts`;
  let message: string;
  let hint =
    'Every host still serves its previous release. Fix the host named (or take it out of STATIC_HOSTS) and run again.';
  switch (input.stage) {
    case 'connect':
      message = `Cannot reach ${count}; nothing was uploaded and no link was switched:\n${list}`;
      break;
    case 'read':
      message = `Cannot read the static files on ${count}; nothing was uploaded and no link was switched:\n${list}`;
      break;
    case 'upload':
      message = `Release ${input.release ?? '?'} reached ${(input.hosts ?? failures.length) - failures.length} of ${input.hosts ?? failures.length} static hosts; no link was switched:\n${list}`;
      break;
    case 'switch': {
      const back = input.putBack ?? [];
      const stuck = back.filter((one) => !one.ok).map((one) => one.host);
      message =
        `The static link of release ${input.release ?? '?'} could not be switched on ${count}:\n${list}` +
        (back.length === 0
          ? ''
          : stuck.length === 0
            ? `\nThe hosts that had switched (${back.map((b) => b.host).join(', ')}) were put back on their previous release.`
            : `\nThese hosts could not be put back and serve the new release: ${stuck.join(', ')}.`);
      if (stuck.length > 0) {
        hint =
          'The hosts now serve different releases (`swarmlift status` shows each). Fix the host named and run `swarmlift static` or deploy again.';
      }
      break;
    }
  }
  return new CliError({
    code: 'CLI_STATIC_HOST_FAILED',
    category: unreachable ? 'unreachable' : 'failed',
    message,
    hint,
    cause: failures[0]?.error,
  });
}
