import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { parseEnvFile } from './env-file.js';

const port = z.coerce.number().int().min(1).max(65535);

/** The connection details that scripts/testenv/up.sh writes to `.testenv/env`. */
const testEnvSchema = z.object({
  DOCKER_SOCKET: z.string().min(1),
  SSH_HOST: z.string().min(1),
  SSH_PORT: port,
  SSH_USER: z.string().min(1),
  SSH_KEY_PATH: z.string().min(1),
  SSH_KNOWN_HOSTS_PATH: z.string().min(1),
  SSH_HOST_KEY_FINGERPRINT: z.string().startsWith('SHA256:'),
  REGISTRY_HOST: z.string().min(1),
  REGISTRY_USER: z.string().min(1),
  REGISTRY_PASSWORD: z.string().min(1),
  PG_HOST: z.string().min(1),
  PG_SWARM_HOST: z.string().min(1),
  PG_PORT: port,
  PG_DATABASE: z.string().min(1),
  PG_USER: z.string().min(1),
  PG_PASSWORD: z.string().min(1),
  NGINX_PORT: port,
  NGINX_STATIC_TARGET: z.string().min(1),
  // Per-test sites: http://127.0.0.1:NGINX_PORT/t/NAME/static/ serves NGINX_TEST_STATIC_ROOT/NAME/static/.
  NGINX_TEST_STATIC_ROOT: z.string().min(1),
  IMAGE_BUSYBOX: z.string().min(1),
  IMAGE_DJANGO: z.string().min(1),
  REGISTRY_IMAGE_BUSYBOX: z.string().min(1),
  REGISTRY_IMAGE_DJANGO: z.string().min(1),
});

export type TestEnv = z.output<typeof testEnvSchema> & { repoRoot: string; file: string };

/** Names another env file in the `.testenv/env` format, e.g. `.testenv/e26/testenv` (the engine-26 target). */
export const TESTENV_FILE_VARIABLE = 'SWARMLIFT_TESTENV_FILE';

const START_DEFAULT =
  'Start it with `bash scripts/testenv/up.sh` (or run the whole suite with `bash scripts/test.sh`).';
const START_CHOSEN =
  `It was chosen by ${TESTENV_FILE_VARIABLE}; start that target (the engine-26 one: ` +
  '`bash scripts/testenv/cluster.sh --name e26 up --solo --engine m1=26`, after `bash scripts/testenv/up.sh`), ' +
  `or unset ${TESTENV_FILE_VARIABLE} for .testenv/env.`;

export class TestEnvMissingError extends Error {
  /** True when the file was chosen with SWARMLIFT_TESTENV_FILE (then a test never skips). */
  readonly chosen: boolean;
  constructor(reason: string, chosen = false) {
    super(
      `The real local test environment is not available: ${reason}. ${chosen ? START_CHOSEN : START_DEFAULT}`,
    );
    this.name = 'TestEnvMissingError';
    this.chosen = chosen;
  }
}

/**
 * The env file the tests read: SWARMLIFT_TESTENV_FILE when set (relative to the
 * repository root, since vitest runs in a package folder), else `.testenv/env`.
 */
export function testEnvFile(
  repoRoot: string,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): { file: string; chosen: boolean } {
  const chosen = environment[TESTENV_FILE_VARIABLE]?.trim();
  if (!chosen) return { file: join(repoRoot, '.testenv', 'env'), chosen: false };
  return { file: isAbsolute(chosen) ? chosen : join(repoRoot, chosen), chosen: true };
}

/** The repository root: the nearest folder above `from` holding pnpm-workspace.yaml. */
export function findRepoRoot(from: string = process.cwd()): string {
  let folder = from;
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No pnpm-workspace.yaml above ${from}`);
    folder = parent;
  }
  return folder;
}

/**
 * Reads and checks `.testenv/env` (or the file SWARMLIFT_TESTENV_FILE names);
 * throws `TestEnvMissingError` saying what is missing and how to start it.
 */
export function loadTestEnv(
  repoRoot: string = findRepoRoot(),
  environment: Readonly<Record<string, string | undefined>> = process.env,
): TestEnv {
  const { file, chosen } = testEnvFile(repoRoot, environment);
  if (!existsSync(file)) throw new TestEnvMissingError(`${file} does not exist`, chosen);
  const parsed = testEnvSchema.safeParse(parseEnvFile(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const keys = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new TestEnvMissingError(`${file} lacks or has invalid ${keys}`, chosen);
  }
  const env = parsed.data;
  if (!isSocket(env.DOCKER_SOCKET)) {
    throw new TestEnvMissingError(
      `the Docker engine socket ${env.DOCKER_SOCKET} is not there`,
      chosen,
    );
  }
  return { ...env, repoRoot, file };
}

/** True when `path` is a unix socket (an engine that is not running leaves none, or a stale file). */
export function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
