import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { type LoadedStack, loadStack, type StackService } from '@swarmlift/swarm-deployer';
import { CliError } from '../errors.js';
import type { Settings } from '../settings/settings.js';
import { appConstraints } from './app-constraints.js';
import { appEnvFile, composeServiceNames } from './app-env-file.js';
import { composeEnv } from './compose-env.js';
import type { RunContext } from './run-context.js';
import { runStep } from './run-step.js';

/** The stack name a compose file is loaded under by commands that do not read STACK_NAME. */
export const UNNAMED_STACK = 'swarmlift';

export interface LoadedCompose {
  stack: LoadedStack;
  /** The app service (APP_SERVICE) as loaded: its image names what to build. */
  app: StackService;
  /** The image the compose file names for the app service after interpolation. */
  image: string;
  /** The env file the app service names (absolute); swarmlift writes it. */
  envFile: string;
  /** Full names of the app service's networks, for one-off jobs beside it. */
  appNetworks: string[];
  /** The app service's placement constraints: one-off jobs with its image run where it may run. */
  appConstraints: string[];
}

/**
 * Loads and validates the compose file(s) before anything touches a server,
 * with the env file the deploy will write given in memory, so a broken
 * compose file costs no build and a plan can be made before the file exists.
 */
export async function loadCompose(
  settings: Pick<
    Settings,
    | 'composeFiles'
    | 'appService'
    | 'stack'
    | 'version'
    | 'registry'
    | 'imageName'
    | 'staticTarget'
    | 'appEnv'
    | 'cwd'
  >,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal | undefined,
): Promise<LoadedCompose> {
  const texts = await Promise.all(
    settings.composeFiles.map(async (path) => ({
      path,
      text: await readFile(path, { encoding: 'utf8', signal }).catch(() => ''),
    })),
  );
  const files = settings.composeFiles.map((file) => relative(settings.cwd, file)).join(', ');
  const services = composeServiceNames(texts);
  // Before loading: another service's env_file would otherwise be reported first.
  if (services && !services.includes(settings.appService))
    throw appServiceNotFound(settings.appService, files, services);
  const envFile = appEnvFile(texts, settings.appService);
  const stack = await loadStack({
    files: settings.composeFiles,
    // build, static and env do not read STACK_NAME: the name only prefixes networks,
    // configs and secrets, which they never create, so any valid name does.
    stack: settings.stack || UNNAMED_STACK,
    env: composeEnv(settings, env),
    ...(envFile ? { envFiles: { [envFile]: settings.appEnv } } : {}),
    signal,
  });
  const app = stack.services.find((service) => service.name === settings.appService);
  if (!app)
    throw appServiceNotFound(
      settings.appService,
      files,
      stack.services.map((s) => s.name),
    );
  if (!app.image) {
    throw new CliError({
      code: 'CLI_APP_SERVICE_NO_IMAGE',
      category: 'invalid',
      message: `APP_SERVICE: the service "${app.name}" in ${files} names no image.`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the compose syntax, shown to the user
      hint: 'Give it `image: ${REGISTRY}/${IMAGE_NAME}/django-app:${GITHUB_SHA_SHORT}` as in the guide: swarmlift builds and pushes the image the compose file names.',
    });
  }
  if (!envFile) {
    throw new CliError({
      code: 'CLI_ENV_FILE_NOT_NAMED',
      category: 'invalid',
      message: `COMPOSE_FILE: the service "${app.name}" in ${files} has no env_file, so the app's variables would not reach it.`,
      hint: 'Add `env_file: .env` to the service, as in the guide: swarmlift writes that file from SECRET_KEY, DB_* and the other app variables.',
    });
  }
  const networks = (app.spec.TaskTemplate as { Networks?: { Target?: string }[] } | undefined)
    ?.Networks;
  return {
    stack,
    app,
    image: app.image,
    envFile,
    appNetworks: (networks ?? []).flatMap((network) => (network.Target ? [network.Target] : [])),
    appConstraints: appConstraints(app.spec),
  };
}

function appServiceNotFound(
  appService: string,
  files: string,
  services: readonly string[],
): CliError {
  return new CliError({
    code: 'CLI_APP_SERVICE_NOT_FOUND',
    category: 'invalid',
    message: `APP_SERVICE: ${files} has no service "${appService}" (it has ${services.join(', ') || 'none'}).`,
    hint: 'Set APP_SERVICE to the service that runs the app image (the guide: django), or add that service to the compose file.',
  });
}

/** The `compose` step of a command: loads the compose file(s) and says what the app service runs. */
export function composeStep(
  context: RunContext,
  describe: (loaded: LoadedCompose) => string = (loaded) =>
    `${context.settings.appService} runs ${loaded.image}`,
): Promise<LoadedCompose> {
  return runStep(context, 'compose', 'Load the compose file', async () => {
    const loaded = await loadCompose(context.settings, context.env, context.signal);
    return [loaded, describe(loaded)] as const;
  });
}
