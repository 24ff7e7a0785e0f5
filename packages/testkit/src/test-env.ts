import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

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

export class TestEnvMissingError extends Error {
  constructor(reason: string) {
    super(
      `The real local test environment is not available: ${reason}. ` +
        'Start it with `bash scripts/testenv/up.sh` (or run the whole suite with `bash scripts/test.sh`).',
    );
    this.name = 'TestEnvMissingError';
  }
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

/** Reads and checks `.testenv/env`; throws `TestEnvMissingError` saying what is missing. */
export function loadTestEnv(repoRoot: string = findRepoRoot()): TestEnv {
  const file = join(repoRoot, '.testenv', 'env');
  if (!existsSync(file)) throw new TestEnvMissingError(`${file} does not exist`);
  const parsed = testEnvSchema.safeParse(parseShellEnv(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const keys = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new TestEnvMissingError(`${file} lacks or has invalid ${keys}`);
  }
  const env = parsed.data;
  if (!isSocket(env.DOCKER_SOCKET)) {
    throw new TestEnvMissingError(`the Docker engine socket ${env.DOCKER_SOCKET} is not there`);
  }
  return { ...env, repoRoot, file };
}

function parseShellEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
