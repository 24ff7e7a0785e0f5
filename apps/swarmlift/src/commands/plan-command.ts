import { relative } from 'node:path';
import { imageExists } from '@swarmlift/image-builder';
import {
  collectStatic,
  formatEvent as formatStaticEvent,
  planStatic,
} from '@swarmlift/static-sync';
import { planStep, showPlan } from '../pipeline/apply-step.js';
import { hasLocalImage } from '../pipeline/ensure-local-image.js';
import { envChanges, formatEnvChanges } from '../pipeline/env-changes.js';
import { composeStep } from '../pipeline/load-compose.js';
import { forwardEvents } from '../pipeline/run-context.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

/**
 * `swarmlift plan`: what a deploy would do — the build decision, the static
 * files to upload, the env keys added/removed/changed (never values) and the
 * stack diff. Reads only: changes nothing and takes no lock.
 */
export const planCommand: CommandBody = async (context) => {
  const { settings, reporter, signal } = context;
  const compose = await composeStep(context);
  const registryHas = await runStep(
    context,
    'build',
    `Build decision for ${compose.image}`,
    async () => {
      const { exists } = await imageExists({
        image: compose.image,
        credentials: settings.credentials,
        signal,
      });
      return [
        exists,
        exists ? 'the registry has it: no build' : 'not in the registry: would build and push',
      ] as const;
    },
  );
  await runStep(context, 'connect', `Connect to ${settings.targetLabel}`, async () => {
    const manager = await context.manager();
    return [
      manager,
      manager.hostKey ? `host key ${manager.hostKey.fingerprint} verified` : 'connected',
    ] as const;
  });
  await runStep(context, 'static', `Static files for ${settings.staticTarget}`, async (step) => {
    if (settings.collectstatic === 'off') return [undefined, 'COLLECTSTATIC=off'] as const;
    if (
      settings.collectstatic === 'image' &&
      !(await hasLocalImage(await context.runnerEngine(), compose.image))
    )
      return [undefined, 'collected from the image once it is built'] as const;
    const onEvent = forwardEvents(step, 'static-sync', formatStaticEvent);
    const collected =
      settings.collectstatic === 'host'
        ? await collectStatic({
            mode: 'host',
            appDir: settings.appDir,
            env: settings.appEnv,
            signal,
            onEvent,
          })
        : await collectStatic({
            image: compose.image,
            remote: await context.runnerEngine(),
            env: settings.appEnv,
            signal,
            onEvent,
          });
    const hosts = await context.staticHosts();
    const planned = await Promise.all(
      hosts.map(({ remote }) =>
        planStatic({ remote, source: collected.dir, target: settings.staticTarget, signal }),
      ),
    );
    const first = planned[0] as (typeof planned)[number];
    if (hosts.length === 1) {
      return [
        planned,
        `${first.uploadFiles} of ${collected.files} files to upload (live release: ${first.live ?? 'none'})`,
      ] as const;
    }
    // Each host compares with its own live release: the counts may differ.
    return [
      planned,
      `${collected.files} files; to upload: ${hosts
        .map(
          (host, i) =>
            `${host.host} ${planned[i]?.uploadFiles} (live: ${planned[i]?.live ?? 'none'})`,
        )
        .join(', ')}`,
    ] as const;
  });
  const plan = await runStep(context, 'plan', 'Plan the stack', async () => {
    const made = await planStep(context, compose.stack, {
      resolveImage: registryHas ? 'always' : 'never',
    });
    showPlan(context, made);
    return [made, made.unchanged ? 'no changes' : 'changes listed above'] as const;
  });
  const appService = `${settings.stack}_${settings.appService}`;
  reporter.info(
    `env (${relative(settings.cwd, compose.envFile)}): ${formatEnvChanges(envChanges(plan, appService))}`,
  );
  return {
    command: 'plan',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    stack: settings.stack,
    version: settings.version,
    image: compose.image,
    services: plan.services.map((s) => ({ name: s.name, action: s.action, image: s.deployImage })),
  };
};
