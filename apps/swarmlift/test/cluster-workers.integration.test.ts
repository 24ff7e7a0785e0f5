import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dockerCli, removeStack } from '@swarmlift/testkit';
import { beforeAll, expect, it } from 'vitest';
import { jsonLines, summaryOf } from './support/cli.js';
import {
  clusterNode,
  describeCluster,
  managerTestEnv,
  pushPrivateImage,
  runningNodes,
  tasksByNode,
  useClusterApp,
} from './support/cluster.js';
import { psql } from './support/env.js';
import { waitForVersion } from './support/stack.js';

interface StatusService {
  name: string;
  ok: boolean;
  running: number;
  desired: number;
  problem: string | null;
  lastError: { error: string; node: string | null } | null;
}

/** The package events of a `--json` run: `{type: 'event', source, event}` lines' events. */
function packageEvents(stdout: string, source: string): Record<string, unknown>[] {
  return jsonLines(stdout)
    .filter((line) => line.type === 'event' && line.source === source)
    .map((line) => line.event as Record<string, unknown>);
}

/**
 * The example deployed to the multi-node cluster (scripts/testenv/cluster.sh:
 * managers m1 m2 m3, workers w1 w2; w2 and m3 run engine 26), with the
 * fixture compose: the app on both workers, global services on every node,
 * on workers, on w2. One stack, deployed once, then looked at and changed
 * step by step (vitest runs the tests in order).
 */
describeCluster(
  'swarmlift on a multi-node swarm: workers, global services, jobs',
  (env, cluster) => {
    const agentImage = `${cluster.registryHost}/${env.IMAGE_BUSYBOX}`;
    const suite = useClusterApp(env, cluster, 'cl-workers', {
      overrides: { WAIT_TIMEOUT: '150' },
    });
    const { cli, label } = suite;
    let version: string;
    beforeAll(async () => {
      version = (await suite.app.sha()).slice(0, 7);
    });

    it('deploys: the private image runs on both workers (both engine generations), migrations ran as a job on a worker', async () => {
      const result = await cli(['deploy', '--json']);
      expect(result.code, label(result)).toBe(0);
      expect(summaryOf(result.stdout), label(result)).toMatchObject({
        command: 'deploy',
        status: 'deployed',
        version,
      });

      // Registry auth reached the workers: each pulled the private image.
      const django = (await tasksByNode(cluster, suite.target.name, 'django')).filter(
        (task) => task.desiredState === 'running' && task.state === 'running',
      );
      expect(django.map((task) => task.node).sort()).toEqual(['w1', 'w2']);
      expect(django.every((task) => task.image.includes(`django-app:${version}`))).toBe(true);
      expect(
        django.map((task) => clusterNode(cluster, task.node).engine).sort(),
        'one worker of each engine generation runs the app',
      ).toEqual([20, 26]);

      // The migrate job copied the app's placement: it ran on a worker, and reached Postgres.
      const jobNodes = packageEvents(result.stdout, 'migrator')
        .filter((event) => event.type === 'task_state' && typeof event.node === 'string')
        .map((event) => String(event.node));
      expect(jobNodes.length, label(result)).toBeGreaterThan(0);
      for (const node of jobNodes)
        expect(
          cluster.workers.map((worker) => worker.name),
          `the migrate job ran on ${node}`,
        ).toContain(node);
      expect(
        Number(
          await psql(
            env,
            "SELECT count(*) FROM django_migrations WHERE app = 'hits'",
            suite.target.database,
          ),
        ),
      ).toBeGreaterThan(0);

      // The edge on m1 reaches django on the workers over the overlay network.
      const answer = await waitForVersion(suite.target, version);
      expect(answer.version).toBe(version);
    }, 300_000);

    it('global services: one task per eligible node, placement constraints respected, counted right by the wait and by status', async () => {
      const all = cluster.nodes.map((node) => node.name).sort();
      const workers = cluster.workers.map((node) => node.name).sort();
      expect(await runningNodes(cluster, suite.target.name, 'agent')).toEqual(all);
      expect(await runningNodes(cluster, suite.target.name, 'agent-workers')).toEqual(workers);
      expect(await runningNodes(cluster, suite.target.name, 'agent-w2')).toEqual(['w2']);
      expect(await runningNodes(cluster, suite.target.name, 'probe')).toEqual(['w2']);

      const result = await cli(['status', '--json'], {}, 60_000);
      expect(result.code, label(result)).toBe(0);
      const report = summaryOf(result.stdout)?.data as
        | { healthy: boolean; services: StatusService[] }
        | undefined;
      expect(report?.healthy, label(result)).toBe(true);
      const counts = Object.fromEntries(
        (report?.services ?? []).map((s) => [s.name, `${s.running}/${s.desired}`]),
      );
      expect(counts).toMatchObject({
        django: '2/2',
        agent: `${all.length}/${all.length}`,
        'agent-workers': `${workers.length}/${workers.length}`,
        'agent-w2': '1/1',
        probe: '1/1',
      });
    }, 120_000);

    it('logs: each line says slot@node, for tasks on several nodes', async () => {
      const django = await cli(['logs', 'django', '-n', '20'], {}, 60_000);
      expect(django.code, label(django)).toBe(0);
      const djangoPrefixes = new Set(
        [...django.stdout.matchAll(/^(django\.\d+@[\w-]+)\s*\|/gm)].map((match) => match[1]),
      );
      expect(
        [...djangoPrefixes].map((prefix) => prefix?.split('@')[1]).sort(),
        label(django),
      ).toEqual(['w1', 'w2']);

      const agents = await cli(['logs', 'agent', '-n', '5'], {}, 60_000);
      expect(agents.code, label(agents)).toBe(0);
      // A global service has no slot: `agent@node`, one per node.
      const agentNodes = new Set(
        [...agents.stdout.matchAll(/^agent@([\w-]+)\s*\|\s*agent up/gm)].map((match) => match[1]),
      );
      expect([...agentNodes].sort(), label(agents)).toEqual(
        cluster.nodes.map((node) => node.name).sort(),
      );
    }, 120_000);

    it('manage: a one-off job placed like the app (on a worker) reaches Postgres and the stack’s redis', async () => {
      const code =
        "from django.core.cache import cache; from django.db import connection; cache.set('sl-probe', 'cached', 60); c = connection.cursor(); c.execute('SELECT 41 + 1'); print('probe', cache.get('sl-probe'), c.fetchone()[0])";
      const result = await cli(['manage', '--json', '--', 'shell', '-c', code], {}, 120_000);
      expect(result.code, label(result)).toBe(0);
      expect(result.output, label(result)).toContain('probe cached 42');
      const nodes = packageEvents(result.stdout, 'migrator')
        .filter((event) => event.type === 'task_state' && typeof event.node === 'string')
        .map((event) => String(event.node));
      expect(nodes.length, label(result)).toBeGreaterThan(0);
      for (const node of nodes)
        expect(cluster.workers.map((worker) => worker.name)).toContain(node);
    }, 180_000);

    it('registry auth: deploy refuses an image it has no credentials for before anything changes', async () => {
      // localhost:5000 is the same registry, but not the REGISTRY the deploy
      // logs in to: no credentials go with it (a second private registry the
      // deploy never logged in to). The plan resolves every image's digest
      // with the deploy's credentials, so this stops there, in about a second.
      const unauthorized = `localhost:5000/${env.IMAGE_BUSYBOX}`;
      const result = await cli(['deploy', '--json'], { PROBE_IMAGE: unauthorized });
      expect(result.code, label(result)).toBe(1);
      expect(summaryOf(result.stdout)?.status, label(result)).toBe('failed');
      expect(result.stderr).toContain('DEPLOY_IMAGE_NOT_FOUND');
      expect(result.stderr).toContain(unauthorized);
      expect(result.stderr).toMatch(/no basic auth credentials|unauthorized/i);
      // Nothing was applied: the probe still runs the image it had.
      const probe = (await tasksByNode(cluster, suite.target.name, 'probe')).filter(
        (task) => task.desiredState === 'running',
      );
      expect(probe.map((task) => task.image.split('@')[0])).toEqual([agentImage]);
    }, 120_000);

    it('registry auth: a stack deployed without registry auth fails the wait with the pull error on w2, not a timeout', async () => {
      // How a user gets there: the guide's `docker stack deploy` without
      // --with-registry-auth (or with a login the manager lost), then
      // `swarmlift wait`. The image is in the registry but on no node yet.
      const image = `${cluster.registryHost}/swarmlift-e2e/${suite.target.name}/private:${Date.now().toString(36)}`;
      await pushPrivateImage(env, env.IMAGE_BUSYBOX, image);
      const stack = `${suite.target.name}-noauth`;
      const compose = join(suite.app.dir, 'noauth.yml');
      await writeFile(
        compose,
        `version: "3.8"
services:
  private:
    image: ${image}
    command: ["sh", "-c", "while true; do sleep 1; done"]
    stop_grace_period: 1s
    deploy:
      placement:
        constraints: ["node.labels.slcl.node == w2"]
      restart_policy:
        condition: on-failure
        max_attempts: 1
`,
      );
      const manager = managerTestEnv(env, cluster);
      try {
        // A Docker config without any login: the CLI sends no auth.
        const config = await mkdtemp(join(suite.app.dir, 'docker-config-'));
        await dockerCli(manager, ['stack', 'deploy', '--detach=true', '-c', compose, stack], {
          env: { DOCKER_CONFIG: config },
        });
        const result = await cli(['wait', '--json'], { STACK_NAME: stack }, 180_000);
        expect(result.killedAfterLimit, label(result)).toBe(false);
        expect(result.code, label(result)).toBe(1);
        expect(result.output).not.toMatch(/did not converge in time/);
        // The service failed on the rejected task (Swarm retries it; the first rejection decides).
        const done = packageEvents(result.stdout, 'stack-waiter').find(
          (event) => event.type === 'service_done',
        );
        expect(done, label(result)).toMatchObject({ outcome: 'failed' });
        expect(String(done?.reason), label(result)).toContain(`No such image: ${image}`);
        // The failed task's line names the node and the engine's error.
        expect(result.stderr, label(result)).toMatch(
          new RegExp(
            `task \\w+ \\(slot 1\\) on w2: No such image: ${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          ),
        );
        expect(result.stderr, 'a task that never ran has no exit code').not.toMatch(
          /No such image: \S+, exit code/,
        );

        // status keeps saying where and why.
        const status = await cli(['status', '--json'], { STACK_NAME: stack }, 60_000);
        const service = (
          summaryOf(status.stdout)?.data as { services: StatusService[] } | undefined
        )?.services.find((s) => s.name === 'private');
        expect(service?.ok, label(status)).toBe(false);
        expect(service?.lastError?.node, label(status)).toBe('w2');
      } finally {
        await removeStack(manager, stack, 60_000);
      }
    }, 240_000);
  },
);
