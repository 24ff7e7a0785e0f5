import { CancelledError, registryCredentials } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  expectRejection,
  removeStack,
  sshConnectOptions,
  uniqueName,
  waitFor,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyError,
  applyPlan,
  type DeployEvent,
  type DeployedService,
  formatPlan,
  type Plan,
  PlanError,
  planStack,
  removeStack as removeDeployed,
} from '../src/index.js';
import { handStack } from './hand-stack.js';
import { runningTaskIds } from './running-task-ids.js';

describeIntegration('planStack / applyPlan against the real swarm over SSH', (env) => {
  let remote: Remote;
  const stacks: string[] = [];
  const docker = dockerClient(env);
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  const stackName = (label: string) => {
    const name = uniqueName(label);
    stacks.push(name);
    return name;
  };
  const filters = (stack: string) =>
    JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
  });
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => removeStack(env, stack)));
    await remote?.close();
  });

  describe('a stack with registry auth, deployed and then re-applied', () => {
    const stack = stackName('reapply');
    const loaded = handStack({
      stack,
      services: [
        {
          name: 'web',
          image: env.REGISTRY_IMAGE_BUSYBOX,
          env: ['MODE=web', 'TOKEN=s3cr3t-value'],
          secrets: ['db_password'],
          configs: ['app_conf'],
        },
        { name: 'worker', image: env.IMAGE_BUSYBOX, env: ['MODE=worker'] },
      ],
      secrets: { db_password: 'first-password' },
      configs: { app_conf: 'a = 1\n' },
    });
    // The local-only image cannot be resolved in a registry: that service is planned with `never`.
    const registryOnly = { ...loaded, services: loaded.services.slice(0, 1) };
    let first: Plan;
    let web: DeployedService | undefined;
    let tasksBefore: string[];
    let versionsBefore: unknown[];
    const versions = async () =>
      (await docker.listServices({ filters: filters(stack) }))
        .map((s) => [s.ID, s.Version?.Index])
        .sort();

    it('plans the registry service as a create, with nothing secret in the plan', async () => {
      first = await planStack({ remote, stack: registryOnly, credentials, resolveImage: 'always' });
      expect(first.services.map((s) => [s.name, s.action])).toEqual([[`${stack}_web`, 'create']]);
      expect(first.networks.map((n) => n.action)).toEqual(['create']);
      expect(first.secrets.map((s) => s.action)).toEqual(['create']);
      // Neither the secret's content nor an env value shows when the plan is serialised.
      expect(JSON.stringify(first)).not.toContain('first-password');
      expect(JSON.stringify(first)).not.toContain('s3cr3t-value');
      const planned = first.services[0];
      expect(planned?.action === 'create' && planned.spec.TaskTemplate).toBeTruthy();
      expect(formatPlan(first)).not.toContain('first-password');
    });

    it('applies it with registry auth and pins the digest', async () => {
      const events: DeployEvent[] = [];
      const record = await applyPlan({
        remote,
        plan: first,
        credentials,
        onEvent: (e) => events.push(e),
      });
      web = record.services[0];
      expect(web).toMatchObject({
        name: `${stack}_web`,
        action: 'create',
        image: env.REGISTRY_IMAGE_BUSYBOX,
        forceUpdate: 0,
      });
      expect(web?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(web?.updateStartedAt).toBeDefined();
      const stored = await docker.getService(web?.id as string).inspect();
      expect(stored.Spec.TaskTemplate.ContainerSpec.Image).toBe(
        `${env.REGISTRY_IMAGE_BUSYBOX}@${web?.digest}`,
      );
      expect(stored.Spec.Labels['com.docker.stack.image']).toBe(env.REGISTRY_IMAGE_BUSYBOX);
      expect(stored.Spec.Labels['com.docker.stack.namespace']).toBe(stack);
      expect(stored.Version.Index).toBe(web?.versionAfter);
      expect(events.map((e) => e.type)).toEqual([
        'network_created',
        'secret_created',
        'config_created',
        'service_created',
        'plan_applied',
      ]);
    });

    it('adds the second service (resolveImage never) and leaves the first alone', async () => {
      const both = await planStack({ remote, stack: loaded, credentials, resolveImage: 'never' });
      expect(both.services.map((s) => s.action)).toEqual(['unchanged', 'create']);
      await applyPlan({ remote, plan: both, credentials });
      tasksBefore = await runningTaskIds(docker, stack, 2);
      versionsBefore = await versions();
    });

    it.each(['never', 'changed'] as const)(
      'plans the same stack as unchanged with resolveImage %s, and applies nothing',
      async (resolveImage) => {
        const again = await planStack({ remote, stack: loaded, credentials, resolveImage });
        expect(again.unchanged).toBe(true);
        expect(formatPlan(again)).toContain('No changes.');
        const reapplied = await applyPlan({ remote, plan: again, credentials });
        expect(reapplied.services.map((s) => s.action)).toEqual(['unchanged', 'unchanged']);
      },
    );

    it('asks the registry again with resolveImage always and gets the same digest: unchanged', async () => {
      const always = await planStack({
        remote,
        stack: registryOnly,
        credentials,
        resolveImage: 'always',
      });
      expect(always.services[0]).toMatchObject({ action: 'unchanged', digest: web?.digest });
      await applyPlan({ remote, plan: always, credentials });
    });

    it('warns about a GitHub Actions token when planning and when applying, never showing it', async () => {
      const shortLived = registryCredentials({
        registry: env.REGISTRY_HOST,
        username: 'ci',
        password: 'ghs_short-lived-token-value',
      });
      const warned = await planStack({
        remote,
        stack: loaded,
        credentials: shortLived,
        resolveImage: 'never',
      });
      expect(warned.warnings.map((w) => w.code)).toContain('SHORT_LIVED_REGISTRY_CREDENTIAL');
      const warnings: DeployEvent[] = [];
      await applyPlan({
        remote,
        plan: warned,
        credentials: shortLived,
        onEvent: (e) => warnings.push(e),
      });
      expect(warnings).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'SHORT_LIVED_REGISTRY_CREDENTIAL' }),
      );
      expect(JSON.stringify([warned.warnings, warnings])).not.toContain('ghs_short');
    });

    it('updated no service and restarted no task through all these re-applies', async () => {
      expect(await versions()).toEqual(versionsBefore);
      expect(await runningTaskIds(docker, stack, 2)).toEqual(tasksBefore);
    });
  });

  it('sends X-Registry-Auth on create so the node can pull a private image (and cannot without it)', async () => {
    // An image only the registry has: pushed under a fresh name, then untagged here, so a task must pull it.
    const repo = `${env.REGISTRY_HOST}/swarmlift-test/${uniqueName('authpull')}`;
    const pushAuth = {
      username: env.REGISTRY_USER,
      password: env.REGISTRY_PASSWORD,
      serveraddress: env.REGISTRY_HOST,
    };
    await docker.getImage(env.REGISTRY_IMAGE_BUSYBOX).tag({ repo, tag: '1' });
    const pushed = await docker.getImage(`${repo}:1`).push({ authconfig: pushAuth });
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      pushed.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      pushed.on('end', () => resolve(text));
      pushed.on('error', reject);
    });
    expect(output).not.toContain('errorDetail');
    const untag = () =>
      docker
        .getImage(`${repo}:1`)
        .remove()
        .catch(() => undefined);
    await untag();
    const taskOf = (stack: string) =>
      waitFor(`a settled task of ${stack}`, async () => {
        const tasks = await docker.listTasks({ filters: filters(stack) });
        return tasks.find((task) =>
          ['running', 'rejected', 'failed'].includes(task.Status?.State ?? ''),
        );
      });
    try {
      const service = (stack: string) =>
        handStack({ stack, services: [{ name: 'private', image: `${repo}:1` }] });
      // Without credentials on the swarm (the plan still resolves the digest with them): the pull is refused.
      const anonymous = stackName('noauth');
      const withoutAuth = await planStack({ remote, stack: service(anonymous), credentials });
      await applyPlan({ remote, plan: withoutAuth });
      const refused = await taskOf(anonymous);
      expect(refused.Status?.State).toBe('rejected');
      expect(refused.Status?.Err).toMatch(/auth|denied|unauthorized|no such image/i);
      await removeStack(env, anonymous);
      await untag();

      const authorized = stackName('withauth');
      const plan = await planStack({ remote, stack: service(authorized), credentials });
      const record = await applyPlan({ remote, plan, credentials });
      expect(record.services[0]?.digest).toMatch(/^sha256:/);
      const task = await taskOf(authorized);
      expect(task.Status?.Err).toBeUndefined();
      expect(task.Status?.State).toBe('running');
    } finally {
      await untag();
    }
  });

  it('updates a changed env value and secret, shows neither value, and removes the old secret version', async () => {
    const stack = stackName('update');
    const make = (token: string, password: string) =>
      handStack({
        stack,
        services: [
          {
            name: 'web',
            image: env.IMAGE_BUSYBOX,
            env: [`TOKEN=${token}`],
            secrets: ['db_password'],
          },
        ],
        secrets: { db_password: password },
      });
    const first = await planStack({
      remote,
      stack: make('old-token-value', 'old-password'),
      resolveImage: 'never',
    });
    const created = await applyPlan({ remote, plan: first });
    const plan = await planStack({
      remote,
      stack: make('new-token-value', 'new-password'),
      resolveImage: 'never',
    });
    expect(plan.services[0]?.action).toBe('update');
    const paths = plan.services[0]?.changes.map((c) => c.path);
    expect(paths).toContain('TaskTemplate.ContainerSpec.Env.TOKEN');
    expect(paths).toContain('TaskTemplate.ContainerSpec.Secrets');
    expect(plan.secrets.map((s) => s.action).sort()).toEqual(['create', 'remove']);
    const text = formatPlan(plan);
    expect(text).toContain('Env TOKEN (value changed)');
    for (const value of ['old-token-value', 'new-token-value', 'old-password', 'new-password']) {
      expect(text).not.toContain(value);
      expect(JSON.stringify(plan.services[0]?.changes)).not.toContain(value);
    }
    const record = await applyPlan({ remote, plan });
    const web = record.services[0];
    expect(web).toMatchObject({
      action: 'update',
      id: created.services[0]?.id,
      versionBefore: created.services[0]?.versionAfter,
    });
    expect(web?.versionAfter).toBeGreaterThan(web?.versionBefore ?? Number.POSITIVE_INFINITY);
    const secrets = await docker.listSecrets({ filters: filters(stack) });
    expect(secrets.map((s) => s.Spec?.Name)).toEqual([
      plan.secrets.find((s) => s.action === 'create')?.name,
    ]);
  });

  it('retries an update the engine refuses as out of sequence (the service changed after planning)', async () => {
    const stack = stackName('sequence');
    const make = (mode: string) =>
      handStack({
        stack,
        services: [{ name: 'web', image: env.IMAGE_BUSYBOX, env: [`MODE=${mode}`] }],
      });
    const created = await applyPlan({
      remote,
      plan: await planStack({ remote, stack: make('one'), resolveImage: 'never' }),
    });
    const plan = await planStack({ remote, stack: make('two'), resolveImage: 'never' });
    // Someone else updates the service between plan and apply: the planned version is stale now.
    const id = created.services[0]?.id as string;
    const current = await docker.getService(id).inspect();
    await docker.getService(id).update({
      ...current.Spec,
      version: current.Version.Index,
      Labels: { ...current.Spec.Labels, meanwhile: 'yes' },
    });
    const events: DeployEvent[] = [];
    const record = await applyPlan({ remote, plan, onEvent: (e) => events.push(e) });
    expect(events).toContainEqual({
      type: 'service_update_retried',
      stack,
      service: `${stack}_web`,
      attempt: 1,
    });
    const after = await docker.getService(id).inspect();
    expect(after.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['MODE=two']);
    const updated = record.services[0];
    expect(updated?.action).toBe('update');
    expect(updated?.versionBefore).toBeGreaterThan(
      created.services[0]?.versionAfter ?? Number.POSITIVE_INFINITY,
    );
    // Swarm bumps Version.Index again as it records the update's progress
    // (UpdateStatus), so the version read back at apply is at most today's.
    expect(updated?.versionAfter).toBeGreaterThan(
      updated?.versionBefore ?? Number.POSITIVE_INFINITY,
    );
    expect(updated?.versionAfter).toBeLessThanOrEqual(after.Version.Index);
  });

  it('fails on an image the registry does not have (DEPLOY_IMAGE_NOT_FOUND) and changes nothing', async () => {
    const stack = stackName('noimage');
    const loaded = handStack({
      stack,
      services: [
        { name: 'web', image: `${env.REGISTRY_HOST}/swarmlift-test/does-not-exist:1` },
        { name: 'ok', image: env.REGISTRY_IMAGE_BUSYBOX },
      ],
      secrets: { s: 'x' },
    });
    // The message names the image, and never the registry password (expectRejection checks).
    await expectRejection(planStack({ remote, stack: loaded, credentials }), {
      class: PlanError,
      code: 'DEPLOY_IMAGE_NOT_FOUND',
      message: 'does-not-exist',
      env,
    });
    expect(await docker.listServices({ filters: filters(stack) })).toEqual([]);
    expect(await docker.listNetworks({ filters: filters(stack) })).toEqual([]);
    expect(await docker.listSecrets({ filters: filters(stack) })).toEqual([]);
  });

  it('fails on a missing external network (DEPLOY_NETWORK_NOT_FOUND) and changes nothing', async () => {
    const stack = stackName('nonet');
    const missing = uniqueName('missing-net');
    const loaded = handStack({
      stack,
      services: [{ name: 'web', image: env.IMAGE_BUSYBOX, networks: ['default', missing] }],
      externalNetworks: [missing],
    });
    const missingSecret = uniqueName('missing-secret');
    loaded.secrets.push({
      kind: 'secret',
      name: 'ext',
      fullName: missingSecret,
      external: true,
      labels: {},
    });
    // Every problem at once, the first one's code.
    const error = (await expectRejection(
      planStack({ remote, stack: loaded, resolveImage: 'never' }),
      { class: PlanError, code: 'DEPLOY_NETWORK_NOT_FOUND', message: missing, env },
    )) as PlanError;
    expect(error.problems.map((p) => p.code)).toEqual([
      'DEPLOY_NETWORK_NOT_FOUND',
      'DEPLOY_SECRET_NOT_FOUND',
    ]);
    expect(error.message).toContain(`The secret "${missingSecret}" is declared as external`);
    expect(await docker.listServices({ filters: filters(stack) })).toEqual([]);
    expect(await docker.listNetworks({ filters: filters(stack) })).toEqual([]);
  });

  it('prunes a service the file no longer has, and leaves another stack alone', async () => {
    const stack = stackName('prune');
    const other = stackName('other');
    const full = handStack({
      stack,
      services: [
        { name: 'web', image: env.IMAGE_BUSYBOX },
        { name: 'old', image: env.IMAGE_BUSYBOX, networks: ['backend'] },
      ],
    });
    const otherStack = handStack({
      stack: other,
      services: [{ name: 'old', image: env.IMAGE_BUSYBOX }],
    });
    await applyPlan({
      remote,
      plan: await planStack({ remote, stack: full, resolveImage: 'never' }),
    });
    await applyPlan({
      remote,
      plan: await planStack({ remote, stack: otherStack, resolveImage: 'never' }),
    });
    const otherBefore = await docker.listServices({ filters: filters(other) });

    const smaller = handStack({ stack, services: [{ name: 'web', image: env.IMAGE_BUSYBOX }] });
    const withoutPrune = await planStack({ remote, stack: smaller, resolveImage: 'never' });
    expect(withoutPrune.services.map((s) => s.action)).toEqual(['unchanged']);
    const plan = await planStack({ remote, stack: smaller, resolveImage: 'never', prune: true });
    expect(plan.services.map((s) => [s.name, s.action])).toEqual([
      [`${stack}_web`, 'unchanged'],
      [`${stack}_old`, 'remove'],
    ]);
    expect(plan.networks.map((n) => [n.name, n.action])).toContainEqual([
      `${stack}_backend`,
      'remove',
    ]);
    const record = await applyPlan({ remote, plan });
    expect(record.removedServices).toEqual([`${stack}_old`]);
    const left = await docker.listServices({ filters: filters(stack) });
    expect(left.map((s) => s.Spec?.Name)).toEqual([`${stack}_web`]);
    const otherAfter = await docker.listServices({ filters: filters(other) });
    expect(otherAfter.map((s) => [s.ID, s.Version?.Index])).toEqual(
      otherBefore.map((s) => [s.ID, s.Version?.Index]),
    );
    await waitFor('pruned network gone', async () =>
      (await docker.listNetworks({ filters: JSON.stringify({ name: [`${stack}_backend`] }) }))
        .length === 0
        ? true
        : undefined,
    );
  });

  it('an aborted applyPlan stops between steps, says what was applied and what not, and a new plan finishes it', async () => {
    const stack = stackName('abort');
    const loaded = handStack({
      stack,
      services: [
        { name: 'web', image: env.IMAGE_BUSYBOX, secrets: ['token'] },
        { name: 'worker', image: env.IMAGE_BUSYBOX },
      ],
      secrets: { token: 'abort-secret-value' },
    });
    const plan = await planStack({ remote, stack: loaded, resolveImage: 'never' });
    const controller = new AbortController();
    const events: DeployEvent[] = [];
    const applying = applyPlan({
      remote,
      plan,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        // Ctrl-C right after the network was created.
        if (event.type === 'network_created') controller.abort();
      },
    });
    const stopped = (await expectRejection(applying, {
      class: ApplyError,
      code: 'DEPLOY_HALF_APPLIED',
      message: 'The stack is half-applied',
      secrets: ['abort-secret-value'],
      env,
    })) as ApplyError;
    expect(stopped.category).toBe('cancelled');
    expect(stopped.applied).toEqual([`create network ${stack}_default`]);
    expect(stopped.notApplied).toEqual([
      `create secret ${plan.secrets[0]?.name}`,
      `create service ${stack}_web`,
      `create service ${stack}_worker`,
    ]);
    expect(events.map((e) => e.type)).toEqual(['network_created']);
    // The swarm holds exactly what the error says was applied.
    expect((await docker.listNetworks({ filters: filters(stack) })).map((n) => n.Name)).toEqual([
      `${stack}_default`,
    ]);
    expect(await docker.listSecrets({ filters: filters(stack) })).toEqual([]);
    expect(await docker.listServices({ filters: filters(stack) })).toEqual([]);

    const rest = await planStack({ remote, stack: loaded, resolveImage: 'never' });
    expect(rest.networks.map((n) => n.action)).toEqual(['unchanged']);
    expect(rest.services.map((s) => s.action)).toEqual(['create', 'create']);
    const record = await applyPlan({ remote, plan: rest });
    expect(record.services.map((s) => s.action)).toEqual(['create', 'create']);
    const again = await planStack({ remote, stack: loaded, resolveImage: 'never' });
    expect(again.unchanged).toBe(true);
  });

  it('planStack and removeStack reject an aborted signal with CancelledError and change nothing', async () => {
    const stack = stackName('aborted');
    const loaded = handStack({ stack, services: [{ name: 'web', image: env.IMAGE_BUSYBOX }] });
    const plan = await planStack({ remote, stack: loaded, resolveImage: 'never' });
    await applyPlan({ remote, plan });
    const aborted = AbortSignal.abort();
    const planning = await planStack({ remote, stack: loaded, signal: aborted }).catch(
      (e: unknown) => e,
    );
    expect(CancelledError.isInstance(planning)).toBe(true);
    const removing = await removeDeployed({ remote, stack, signal: aborted }).catch(
      (e: unknown) => e,
    );
    expect(CancelledError.isInstance(removing)).toBe(true);
    expect(await docker.listServices({ filters: filters(stack) })).toHaveLength(1);
    const removed = await removeDeployed({ remote, stack, timeoutMs: 60_000 });
    expect(removed.services).toEqual([`${stack}_web`]);
  });
});
