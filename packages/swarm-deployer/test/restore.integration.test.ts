// restoreDeploy on the real swarm over SSH: a recorded deploy is put back
// (spec, env, services), and a record that cannot be restored changes nothing.
import { registryCredentials } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  expectRejection,
  removeStack,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  applyPlan,
  type DeployEvent,
  DeployHistoryError,
  type DeployHistoryRecord,
  deployRecordFromApply,
  PlanError,
  planRestoreDeploy,
  planStack,
  readServiceSpecs,
  restoreDeploy,
} from '../src/index.js';
import { handStack } from './hand-stack.js';

describeIntegration('restoreDeploy against the real swarm over SSH', (env) => {
  let remote: Remote;
  const docker = dockerClient(env);
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  const stack = uniqueName('restore');
  const envOf = async (service: string) => {
    const inspected = await docker.getService(`${stack}_${service}`).inspect();
    return (inspected.Spec.TaskTemplate as Docker.ContainerTaskSpec).ContainerSpec?.Env ?? [];
  };
  /** Deploys the hand-made stack and returns its record (as the CLI would store it). */
  const deploy = async (
    version: string,
    services: string[],
    conf: string,
  ): Promise<DeployHistoryRecord> => {
    const plan = await planStack({
      remote,
      stack: handStack({
        stack,
        services: services.map((name) => ({
          name,
          image: env.REGISTRY_IMAGE_BUSYBOX,
          env: [`RELEASE=${version}`],
          configs: ['app_conf'],
        })),
        configs: { app_conf: conf },
      }),
      credentials,
      prune: true,
    });
    const apply = await applyPlan({ remote, plan, credentials });
    const specs = await readServiceSpecs({ remote, stack });
    const record = deployRecordFromApply({
      stack,
      apply,
      specs,
      plan,
      version,
      image: env.REGISTRY_IMAGE_BUSYBOX,
      outcome: 'deployed',
      performer: 'restore-test@localhost',
      startedAt: new Date(),
      finishedAt: new Date(),
    });
    return { id: `test-${version}`, ...record };
  };

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
  });
  afterAll(async () => {
    await removeStack(env, stack);
    await remote?.close();
  });

  it('puts a recorded deploy back: its env, its services (an extra one removed), updated against the current version', async () => {
    // Same config content both times, so v1's config version stays in use.
    const v1 = await deploy('v1', ['web'], 'a = 1\n');
    await deploy('v2', ['web', 'worker'], 'a = 1\n');
    expect(await envOf('web')).toEqual(['RELEASE=v2']);
    const before = await docker.getService(`${stack}_web`).inspect();

    const planned = await planRestoreDeploy({ remote, record: v1 });
    expect(planned.services.map((s) => [s.name, s.action])).toEqual([
      [`${stack}_web`, 'update'],
      [`${stack}_worker`, 'remove'],
    ]);
    expect(JSON.stringify(planned)).not.toContain('RELEASE=');

    const events: DeployEvent[] = [];
    const { apply } = await restoreDeploy({
      remote,
      record: v1,
      credentials,
      onEvent: (event) => events.push(event),
    });
    expect(await envOf('web')).toEqual(['RELEASE=v1']);
    expect(apply.services).toEqual([
      expect.objectContaining({
        name: `${stack}_web`,
        action: 'update',
        versionBefore: before.Version.Index,
      }),
    ]);
    expect(apply.removedServices).toEqual([`${stack}_worker`]);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['service_updated', 'service_removed', 'plan_applied']),
    );
    const after = (await readServiceSpecs({ remote, stack })).services;
    expect(after.map((s) => s.name)).toEqual([`${stack}_web`]);
    // The spec sent back is the recorded one (but the version and the kept ForceUpdate).
    const recorded = v1.services[0]?.spec as Docker.ServiceSpec;
    expect(after[0]?.spec.TaskTemplate).toMatchObject({
      ContainerSpec: (recorded.TaskTemplate as Docker.ContainerTaskSpec).ContainerSpec,
    });

    // Restoring it again changes nothing.
    const again = await planRestoreDeploy({ remote, record: v1 });
    expect(again.unchanged).toBe(true);
  }, 120_000);

  it('refuses, changing nothing, a record whose config version is gone or whose specs were dropped', async () => {
    const v3 = await deploy('v3', ['web'], 'a = 3\n');
    // v4 has a new config content: the deploy removes v3's config version.
    await deploy('v4', ['web'], 'a = 4\n');
    const before = await docker.getService(`${stack}_web`).inspect();
    await expectRejection(restoreDeploy({ remote, record: v3, credentials }), {
      code: 'DEPLOY_CONFIG_NOT_FOUND',
      class: PlanError,
      message: `${stack}_app_conf`,
    });

    const dropped = { ...v3, specsDropped: true };
    await expectRejection(restoreDeploy({ remote, record: dropped, credentials }), {
      code: 'DEPLOY_RECORD_NO_SPECS',
      class: DeployHistoryError,
    });
    const after = await docker.getService(`${stack}_web`).inspect();
    expect(after.Version.Index).toBe(before.Version.Index);
    expect(await envOf('web')).toEqual(['RELEASE=v4']);
  }, 120_000);
});
