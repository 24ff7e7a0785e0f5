// The guide's deploy job, written with the swarmlift packages one step at a
// time: connect once, then build and push, collect and upload static files,
// write the env file, deploy the compose stack with registry auth, wait for
// it, and migrate — passing the same `remote`, the same `credentials`, the
// same `signal` to every package, and handling any failure with one check.
//
// Run it from the root of a repository laid out like the guide (app/,
// deployment/Dockerfile, deployment/docker-compose.prod.yml), with the
// guide's variables set:
//
//   node --experimental-strip-types deploy-by-hand.ts      (Node 22.6+)
//   npx tsx deploy-by-hand.ts                              (any Node ≥ 20.19)
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CredentialsOption,
  exitCodeOf,
  readRegistryCredentials,
  SwarmliftError,
  withDeadline,
} from '@swarmlift/core';
import { djangoEnvSchema, writeEnvFile } from '@swarmlift/env-writer';
import { buildAndPush, formatEvent as formatBuildEvent } from '@swarmlift/image-builder';
import { migrate } from '@swarmlift/migrator';
import {
  acquireStackLock,
  type ConnectOptions,
  connect,
  connectOptionsFromEnv,
} from '@swarmlift/remote';
import { waitForStack } from '@swarmlift/stack-waiter';
import { collectStatic, syncStatic } from '@swarmlift/static-sync';
import { applyPlan, formatPlan, loadStack, planStack } from '@swarmlift/swarm-deployer';

export interface DeployByHandSettings {
  /** The repository to deploy, laid out like the guide's. */
  repoDir: string;
  /** How to reach the manager (e.g. `connectOptionsFromEnv(process.env)`). */
  connection: ConnectOptions;
  /** The guide's REGISTRY and IMAGE_NAME. */
  registry: string;
  imageName: string;
  /** The stack's name, the guide's STACK_NAME. */
  stack: string;
  /** Registry credentials for the push, the deploy and the migration's pull. */
  credentials: CredentialsOption;
  /** The app's variables for the env file (SECRET_KEY, DB_*, REDIS_URI). */
  appEnv: Record<string, string | undefined>;
  /** Where static files go on the manager (nginx serves `<target>/static/`). */
  staticTarget: string;
  /** The commit to deploy; default GITHUB_SHA, else git in `repoDir`. */
  sha?: string | undefined;
  /** Build arguments for deployment/Dockerfile (e.g. `BASE_IMAGE`). */
  buildArgs?: Record<string, string> | undefined;
  /**
   * More variables for the compose file's interpolation (e.g. `EDGE_PORT`,
   * `REDIS_IMAGE`), on top of the deploying environment. `REGISTRY`,
   * `IMAGE_NAME`, `GITHUB_SHA_SHORT` and `STATIC_TARGET` are set from the
   * settings above.
   */
  composeEnv?: Record<string, string | undefined> | undefined;
  /** Where progress lines go. */
  log?: ((line: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface DeployByHandResult {
  image: string;
  version: string;
  digest: string | undefined;
  staticRelease: string;
  appliedMigrations: string[];
}

export async function deployByHand(settings: DeployByHandSettings): Promise<DeployByHandResult> {
  const { credentials, signal, stack } = settings;
  const log = settings.log ?? ((line: string) => console.log(line));
  const composeFile = join(settings.repoDir, 'deployment', 'docker-compose.prod.yml');
  const envFile = join(settings.repoDir, 'deployment', '.env');

  const remote = await connect({ ...settings.connection, signal });
  try {
    const built = await buildAndPush({
      remote,
      registry: settings.registry,
      imageName: settings.imageName,
      component: 'django-app',
      sha: settings.sha,
      context: settings.repoDir,
      dockerfile: 'deployment/Dockerfile',
      buildArgs: settings.buildArgs,
      credentials,
      signal,
      onEvent: (event) => {
        const line = formatBuildEvent(event);
        if (line !== undefined) log(line);
      },
    });
    log(`image ${built.image} (${built.skipped ? 'already in the registry' : 'built and pushed'})`);

    // The env file the compose file's `env_file:` names, checked with Django's rules.
    await writeEnvFile({ path: envFile, vars: settings.appEnv, schema: djangoEnvSchema, signal });
    const loaded = await loadStack({
      files: [composeFile],
      stack,
      env: {
        ...process.env,
        ...settings.composeEnv,
        REGISTRY: settings.registry,
        IMAGE_NAME: settings.imageName,
        GITHUB_SHA_SHORT: built.version,
        // The edge proxy serves the static files from here (a bind mount).
        STATIC_TARGET: settings.staticTarget,
      },
      signal,
    });

    // collectstatic imports the settings, which need a SECRET_KEY but no real one.
    const collected = await collectStatic({
      remote,
      image: built.image,
      env: { SECRET_KEY: 'collectstatic-needs-no-real-key' },
      signal,
    });
    const synced = await syncStatic({
      remote,
      source: collected.dir,
      target: settings.staticTarget,
      release: built.version,
      signal,
    });
    log(`static release ${synced.release}: ${synced.uploadedFiles} file(s) uploaded`);

    const lock = await acquireStackLock({ remote, stack, signal });
    try {
      const plan = await planStack({ remote, stack: loaded, credentials, prune: true, signal });
      log(formatPlan(plan));
      const record = await applyPlan({ remote, plan, credentials, signal });
      const waited = await waitForStack({ remote, stack, record, reject: true, signal });
      log(`stack ${stack}: ${waited.status}`);
      const migrated = await migrate({
        remote,
        image: built.image,
        envFile,
        stack,
        credentials,
        lock,
        signal,
      });
      log(
        `migrations applied: ${migrated.applied.length === 0 ? 'none' : migrated.applied.join(', ')}`,
      );
      return {
        image: built.image,
        version: built.version,
        digest: built.digest,
        staticRelease: synced.release,
        appliedMigrations: migrated.applied,
      };
    } finally {
      await lock.release();
    }
  } finally {
    await remote.close();
  }
}

/** The guide's variables → settings; a missing one is named. */
export async function settingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Promise<DeployByHandSettings> {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '')
      throw new Error(`Set ${name} (see the guide's secrets).`);
    return value;
  };
  const registry = required('REGISTRY');
  return {
    repoDir: process.cwd(),
    connection: connectOptionsFromEnv(env),
    registry,
    imageName: required('IMAGE_NAME').toLowerCase(),
    stack: required('STACK_NAME'),
    credentials: await readRegistryCredentials({
      registry,
      username: env.REGISTRY_USERNAME,
      password: env.REGISTRY_PASSWORD,
    }),
    appEnv: {
      SECRET_KEY: env.SECRET_KEY,
      DB_NAME: env.DB_NAME,
      DB_USER: env.DB_USER,
      DB_PASSWORD: env.DB_PASSWORD,
      DB_HOST: env.DB_HOST,
      DB_PORT: env.DB_PORT,
      REDIS_URI: env.REDIS_URI,
    },
    staticTarget: env.STATIC_TARGET ?? `/usr/src/${required('IMAGE_NAME').split('/').pop()}`,
  };
}

async function main(): Promise<void> {
  // Ctrl-C or the CI runner's SIGTERM cancels the step that runs, which cleans up after itself.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const deadline = withDeadline({
    signal: controller.signal,
    timeoutMs: 20 * 60_000,
    what: 'the deploy',
  });
  try {
    const settings = await settingsFromEnv(process.env);
    const result = await deployByHand({ ...settings, signal: deadline.signal });
    console.log(`deployed ${result.image} (${result.digest ?? 'no digest'})`);
  } catch (error) {
    // One check for an error from any swarmlift package.
    if (!SwarmliftError.isInstance(error)) throw error;
    console.error(`error [${error.code}]: ${error.message}\nhint: ${error.hint}`);
    process.exitCode = exitCodeOf(error);
  } finally {
    deadline.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
