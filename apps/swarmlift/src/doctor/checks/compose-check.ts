import { describeError } from '../../output/describe-error.js';
import { fail, pass, type Verdict } from '../check-result.js';

/**
 * The compose file loads (as deploy loads it, with the env file it would
 * write given in memory) and every variable it interpolates is set.
 */
export function composeVerdict(options: {
  files: string;
  outcome:
    | { ok: true; services: readonly string[]; image: string; unset: readonly string[] }
    | { ok: false; error: unknown };
}): Verdict {
  const { files, outcome } = options;
  if (!outcome.ok) {
    const described = describeError(outcome.error);
    return fail(
      `${described.code ? `[${described.code}] ` : ''}${described.message}`,
      described.hint ?? `Fix ${files}; swarmlift plan shows what a deploy would do with it.`,
    );
  }
  if (outcome.unset.length > 0) {
    const one = outcome.unset.length === 1;
    const list = outcome.unset.join(', ');
    return fail(
      `${files} interpolates ${list}, ${one ? 'which is' : 'which are'} not set: docker stack deploy would silently make ${one ? 'it' : 'them'} empty`,
      `Set ${list} in the deploy's environment (the workflow's env:), or give ${one ? 'it' : 'each'} a default in the compose file: \${NAME:-value}.`,
    );
  }
  const count = outcome.services.length;
  return pass(
    `${files} loads: ${count} service${count === 1 ? '' : 's'} (${outcome.services.join(', ')}), the app runs ${outcome.image}; every variable it interpolates is set`,
  );
}
