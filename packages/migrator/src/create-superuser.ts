import { optionsInvalid } from './check-options.js';
import { exitedNonZero } from './errors.js';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { runOneOff } from './run-one-off.js';

export interface CreateSuperuserOptions extends Omit<RunOneOffOptions, 'command' | 'reject'> {
  username: string;
  email: string;
  /** Passed as DJANGO_SUPERUSER_PASSWORD in the env; never on a command line, in an event or a log line. */
  password: string;
  /** How to call manage.py in the image; default `['python', 'manage.py']`. */
  manage?: readonly string[] | undefined;
}

export interface CreateSuperuserResult extends RunOneOffResult {
  created: boolean;
  /** The username was taken already; nothing was changed. */
  alreadyExists: boolean;
}

const TAKEN = /already (taken|exists)/i;

/**
 * Runs `manage.py createsuperuser --noinput` with the DJANGO_SUPERUSER_*
 * variables. A user that exists already is reported as `alreadyExists`, not
 * as a failure (its password is left as it is).
 */
export async function createSuperuser(
  options: CreateSuperuserOptions,
): Promise<CreateSuperuserResult> {
  for (const field of ['username', 'email', 'password'] as const)
    if (typeof options[field] !== 'string' || options[field] === '')
      throw optionsInvalid(field, 'is empty', `Pass the superuser's ${field}.`);
  const { username, email, password, manage = ['python', 'manage.py'], ...rest } = options;
  const command = [...manage, 'createsuperuser', '--noinput'];
  const result = await runOneOff({
    name: 'createsuperuser',
    ...rest,
    command,
    env: {
      ...options.env,
      DJANGO_SUPERUSER_USERNAME: username,
      DJANGO_SUPERUSER_EMAIL: email,
      DJANGO_SUPERUSER_PASSWORD: password,
    },
    secrets: [...(options.secrets ?? []), password],
    reject: false,
  });
  if (result.exitCode === 0) return { ...result, created: true, alreadyExists: false };
  if (TAKEN.test(result.stderr)) return { ...result, created: false, alreadyExists: true };
  throw exitedNonZero(
    result,
    command,
    'createsuperuser failed for another reason than an existing user: read its last log lines above.',
    options.tailLines,
  );
}
