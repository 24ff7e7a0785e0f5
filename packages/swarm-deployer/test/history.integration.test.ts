// Deploy history on the real swarm, over SSH: records are Swarm configs that
// belong to no stack namespace, kept per stack, newest first, pruned to `keep`.
import { CancelledError, registryCredentials, TimedOutError } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerCli,
  dockerClient,
  expectRejection,
  removeStack,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPlan,
  DEPLOY_RECORD_LABEL,
  type DeployEvent,
  type DeployHistoryRecord,
  deployRecordFromApply,
  listDeploys,
  type NewDeployRecord,
  planStack,
  readServiceSpecs,
  recordDeploy,
  removeStack as removeDeployed,
  summarizePlan,
} from '../src/index.js';
import { handStack } from './hand-stack.js';

describeIntegration('deploy history against the real swarm over SSH', (env) => {
  let remote: Remote;
  const docker = dockerClient(env);
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  const stackA = uniqueName('hist');
  const stackB = uniqueName('hist');
  const recordConfigs = async (stack: string) =>
    (await docker.listConfigs({
      filters: JSON.stringify({ label: [`${DEPLOY_RECORD_LABEL}=${stack}`] }),
    })) as unknown as { ID: string; Spec: { Name: string; Labels: Record<string, string> } }[];
  const stackOf = (stack: string, services: string[]) =>
    handStack({
      stack,
      services: services.map((name) => ({
        name,
        image: env.REGISTRY_IMAGE_BUSYBOX,
        env: [`ROLE=${name}`, 'API_TOKEN=history-s3cret'],
      })),
      configs: { app_conf: 'a = 1\n' },
    });
  const bare = (stack: string, version: string): NewDeployRecord => ({
    stack,
    kind: 'deploy',
    version,
    image: `${env.REGISTRY_IMAGE_BUSYBOX.split(':')[0]}:${version}`,
    outcome: 'deployed',
    performer: 'history-test@localhost',
    startedAt: new Date(Date.now() - 1000).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: 1000,
    services: [],
    removedServices: [],
    migrations: [],
  });

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
  });
  afterAll(async () => {
    for (const stack of [stackA, stackB]) {
      for (const config of await recordConfigs(stack))
        await docker
          .getConfig(config.ID)
          .remove()
          .catch(() => {});
      await removeStack(env, stack);
    }
    await remote?.close();
  });

  describe('a deployed stack, recorded', () => {
    let first: DeployHistoryRecord | undefined;

    it('records a real deploy with each service’s spec as the engine stores it', async () => {
      const startedAt = new Date();
      const plan = await planStack({
        remote,
        stack: stackOf(stackA, ['web', 'worker']),
        credentials,
        prune: true,
      });
      const apply = await applyPlan({ remote, plan, credentials });
      const specs = await readServiceSpecs({ remote, stack: stackA });
      expect(specs.services.map((s) => s.name)).toEqual([`${stackA}_web`, `${stackA}_worker`]);
      const record = deployRecordFromApply({
        stack: stackA,
        apply,
        specs,
        plan,
        version: 'v0',
        image: env.REGISTRY_IMAGE_BUSYBOX,
        digest: apply.services[0]?.digest,
        outcome: 'deployed',
        performer: 'history-test@localhost',
        startedAt,
        finishedAt: new Date(),
        staticRelease: 'v0',
        migrations: ['polls.0001_initial'],
      });
      const events: DeployEvent[] = [];
      const stored = await recordDeploy({
        remote,
        stack: stackA,
        record,
        onEvent: (e) => events.push(e),
      });
      expect(stored).toMatchObject({ specsDropped: false, removed: [] });
      expect(stored.record).toBe(
        (await recordConfigs(stackA)).find((c) => c.ID === stored.configId)?.Spec.Name,
      );
      expect(events.map((e) => e.type)).toEqual(['deploy_recorded']);

      const listed = await listDeploys({ remote, stack: stackA });
      expect(listed.invalid).toEqual([]);
      expect(listed.records).toHaveLength(1);
      first = listed.records[0];
      expect(first).toMatchObject({
        id: stored.id,
        stack: stackA,
        version: 'v0',
        outcome: 'deployed',
        migrations: ['polls.0001_initial'],
        plan: {
          services: { create: 2, update: 0, remove: 0, unchanged: 0 },
          configs: { create: 1 },
          networks: { create: 1 },
        },
      });
      // The specs are those the engine stores: what a rollback sends back.
      for (const service of first?.services ?? []) {
        const inspected = await docker.getService(service.id).inspect();
        expect(service.spec).toEqual(inspected.Spec);
        expect(service.versionAfter).toBe(inspected.Version.Index);
        expect(service.action).toBe('create');
      }
      const spec = first?.services[0]?.spec as Docker.ServiceSpec & {
        TaskTemplate: { ContainerSpec: { Image: string } };
      };
      expect(spec.TaskTemplate.ContainerSpec.Image).toContain('@sha256:');
    });

    it('keeps the newest 20 of 22 records, newest first', async () => {
      const removed: string[] = [];
      for (let i = 1; i <= 21; i++) {
        const result = await recordDeploy({
          remote,
          stack: stackA,
          record: bare(stackA, `v${i}`),
          onEvent: (e) => {
            if (e.type === 'deploy_record_removed') removed.push(e.id);
          },
        });
        expect(result.removed).toEqual(
          i === 20 ? [first?.id] : i === 21 ? [expect.any(String)] : [],
        );
      }
      expect(removed).toHaveLength(2);
      expect(removed[0]).toBe(first?.id);
      const listed = await listDeploys({ remote, stack: stackA });
      expect(listed.records.map((r) => r.version)).toEqual(
        Array.from({ length: 20 }, (_, i) => `v${21 - i}`),
      );
      const ids = listed.records.map((r) => r.id);
      expect([...ids].sort().reverse()).toEqual(ids);
      expect(new Set(ids).size).toBe(20);
      // On the engine: 20 configs, none in the stack's namespace.
      const configs = await recordConfigs(stackA);
      expect(configs).toHaveLength(20);
      for (const config of configs) {
        expect(config.Spec.Labels['com.docker.stack.namespace']).toBeUndefined();
        expect(config.Spec.Name.length).toBeLessThanOrEqual(64);
      }
    });

    it('keeps the records of two stacks apart', async () => {
      const plan = await planStack({ remote, stack: stackOf(stackB, ['api']), credentials });
      await applyPlan({ remote, plan, credentials });
      await recordDeploy({ remote, stack: stackB, record: bare(stackB, 'b1') });
      const second = await recordDeploy({
        remote,
        stack: stackB,
        record: bare(stackB, 'b2'),
        keep: 1,
      });
      expect(second.removed).toHaveLength(1);
      expect((await listDeploys({ remote, stack: stackB })).records.map((r) => r.version)).toEqual([
        'b2',
      ]);
      const a = await listDeploys({ remote, stack: stackA });
      expect(a.records).toHaveLength(20);
      expect(a.records.every((r) => r.stack === stackA)).toBe(true);
    });

    it('survives a prune deploy, and the next plan shows no changes', async () => {
      const fewer = stackOf(stackA, ['web']);
      const plan = await planStack({ remote, stack: fewer, credentials, prune: true });
      expect(plan.services.map((s) => [s.name, s.action])).toEqual([
        [`${stackA}_web`, 'unchanged'],
        [`${stackA}_worker`, 'remove'],
      ]);
      expect(summarizePlan(plan)).toMatchObject({
        services: { remove: 1, unchanged: 1 },
        changes: 1,
        unchanged: false,
      });
      // No record is planned for removal: they are not in the stack.
      expect(plan.configs.every((c) => !c.name.startsWith('swarmlift-deploy.'))).toBe(true);
      const apply = await applyPlan({ remote, plan, credentials });
      expect(apply.removedServices).toEqual([`${stackA}_worker`]);
      expect((await listDeploys({ remote, stack: stackA })).records).toHaveLength(20);
      const again = await planStack({ remote, stack: fewer, credentials, prune: true });
      expect(again.unchanged).toBe(true);
      expect(summarizePlan(again)).toMatchObject({ changes: 0, unchanged: true });
    });

    it('survives removeStack and docker stack rm', async () => {
      const removed = await removeDeployed({ remote, stack: stackA, timeoutMs: 60_000 });
      expect(removed.services).toEqual([`${stackA}_web`]);
      expect(removed.configs).toHaveLength(1);
      expect(removed.configs[0]).toMatch(new RegExp(`^${stackA}_app_conf_`));
      expect((await listDeploys({ remote, stack: stackA })).records).toHaveLength(20);

      await dockerCli(env, ['stack', 'rm', stackB]);
      await removeStack(env, stackB);
      expect(
        (
          await docker.listServices({
            filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stackB}`] }),
          })
        ).length,
      ).toBe(0);
      expect((await listDeploys({ remote, stack: stackB })).records.map((r) => r.version)).toEqual([
        'b2',
      ]);
    });

    it('skips a corrupt record with a warning, and lists the others', async () => {
      const labels = { [DEPLOY_RECORD_LABEL]: stackA };
      const made: string[] = [];
      for (const [suffix, data] of [
        ['garbage', '{not json'],
        ['wrong', JSON.stringify({ format: 1, id: 'x', stack: stackA, outcome: 'exploded' })],
      ] as const) {
        const created = (await docker.createConfig({
          Name: `${stackA}-corrupt-${suffix}`,
          Labels: labels,
          Data: Buffer.from(data).toString('base64'),
        })) as { id?: string; ID?: string };
        made.push(created.id ?? created.ID ?? '');
      }
      const warnings: DeployEvent[] = [];
      const listed = await listDeploys({
        remote,
        stack: stackA,
        onEvent: (e) => warnings.push(e),
      });
      expect(listed.records).toHaveLength(20);
      expect(listed.invalid.map((i) => i.record).sort()).toEqual([
        `${stackA}-corrupt-garbage`,
        `${stackA}-corrupt-wrong`,
      ]);
      expect(listed.invalid.find((i) => i.record.endsWith('garbage'))?.reason).toBe(
        'the data is not JSON',
      );
      expect(listed.invalid.find((i) => i.record.endsWith('wrong'))?.reason).toMatch(/outcome/);
      expect(warnings).toHaveLength(2);
      for (const warning of warnings)
        expect(warning).toMatchObject({
          type: 'warning',
          code: 'DEPLOY_RECORD_INVALID',
          stack: stackA,
        });
      // A corrupt record takes a place like any other (by its CreatedAt: these two are the
      // newest): the next record prunes the 22 + 1 back to 20, the three oldest valid ones.
      const next = await recordDeploy({ remote, stack: stackA, record: bare(stackA, 'v22') });
      expect(next.removed).toHaveLength(3);
      expect(await recordConfigs(stackA)).toHaveLength(20);
      const after = await listDeploys({ remote, stack: stackA });
      expect(after.records[0]?.version).toBe('v22');
      expect(after.records.at(-1)?.version).toBe('v5');
      expect(after.invalid).toHaveLength(2);
      expect(after.records.length + after.invalid.length).toBe(20);
    });

    it('stores a record over the size limit without its specs, and says so', async () => {
      const specs = await readServiceSpecs({ remote, stack: stackB });
      expect(specs.services).toEqual([]); // the stack is gone: build a spec by hand
      const huge = 'x'.repeat(600 * 1024);
      const record: NewDeployRecord = {
        ...bare(stackB, 'big'),
        services: [
          {
            name: `${stackB}_api`,
            id: 'gone',
            action: 'update',
            versionBefore: 1,
            versionAfter: 2,
            image: env.REGISTRY_IMAGE_BUSYBOX,
            spec: {
              Name: `${stackB}_api`,
              TaskTemplate: { ContainerSpec: { Env: [`BIG=${huge}`] } },
            },
          },
        ],
      };
      const events: DeployEvent[] = [];
      const stored = await recordDeploy({
        remote,
        stack: stackB,
        record,
        onEvent: (e) => events.push(e),
      });
      expect(stored.specsDropped).toBe(true);
      expect(stored.bytes).toBeLessThan(500 * 1024);
      expect(events.find((e) => e.type === 'warning')).toMatchObject({
        code: 'DEPLOY_RECORD_SPECS_DROPPED',
      });
      expect(JSON.stringify(events)).not.toContain(huge.slice(0, 100));
      const [newest] = (await listDeploys({ remote, stack: stackB })).records;
      expect(newest).toMatchObject({ version: 'big', specsDropped: true });
      expect(newest?.services[0]).toMatchObject({ name: `${stackB}_api`, versionAfter: 2 });
      expect(newest?.services[0]?.spec).toBeUndefined();
    });

    it('is cancelled mid-call, leaving no record behind', async () => {
      const before = (await recordConfigs(stackB)).length;
      const controller = new AbortController();
      await expectRejection(
        recordDeploy({
          remote,
          stack: stackB,
          record: bare(stackB, 'cancelled'),
          signal: controller.signal,
          // Abort once the record is stored, before the old ones are pruned.
          onEvent: (e) => {
            if (e.type === 'deploy_recorded') controller.abort();
          },
        }),
        { code: 'CANCELLED', class: CancelledError },
      );
      expect((await recordConfigs(stackB)).length).toBe(before);
      const listed = await listDeploys({ remote, stack: stackB });
      expect(listed.records.map((r) => r.version)).not.toContain('cancelled');

      const early = new AbortController();
      const pending = recordDeploy({
        remote,
        stack: stackB,
        record: bare(stackB, 'early'),
        signal: early.signal,
      });
      setImmediate(() => early.abort());
      await expectRejection(pending, { code: 'CANCELLED', class: CancelledError });
      // A create that was in flight is removed once it answers.
      expect((await recordConfigs(stackB)).length).toBe(before);

      await expectRejection(listDeploys({ remote, stack: stackB, timeoutMs: 1 }), {
        code: 'TIMED_OUT',
        class: TimedOutError,
      });
    });
  });
});
