import { waitFor } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, jsonLines, startCli, summaryOf } from './support/cli.js';
import {
  describeCluster,
  nodeDocker,
  startNode,
  stopNode,
  swarmNodeStates,
  tasksByNode,
  useClusterApp,
} from './support/cluster.js';
import { expectNoSecrets } from './support/secrets.js';
import { sawStep } from './support/steps.js';

const WSGI = 'app/config/wsgi.py';
const LOST = 'w1';

/** The wait's `node_state` events of a `--json` run. */
function nodeStateEvents(stdout: string): Record<string, unknown>[] {
  return jsonLines(stdout)
    .filter((line) => line.type === 'event' && line.source === 'stack-waiter')
    .map((line) => line.event as Record<string, unknown>)
    .filter((event) => event.type === 'node_state');
}

/**
 * A worker's engine stops while a deploy's update rolls over both workers
 * (scripts/testenv/cluster.sh stop-node; started again afterwards): the
 * deploy neither hangs nor claims a success the swarm does not have, and
 * names the node. Then `rollback` with w1 back puts v1 on every node.
 */
describeCluster('swarmlift on a multi-node swarm: a node lost during a deploy', (env, cluster) => {
  const suite = useClusterApp(env, cluster, 'cl-lost', {
    // Without max_replicas_per_node: a lost worker's slot may move to the other one.
    compose: (text) => text.replace(/^\s*max_replicas_per_node: 1\n/m, '\n'),
    // Bounds the wait when the service cannot converge without the lost node
    // (the manager marks a stopped node down after ~10-15 s).
    overrides: { WAIT_TIMEOUT: '60' },
  });
  const { cli, label } = suite;
  let firstVersion: string;
  let secondVersion: string;
  let stopped = false;

  const djangoUpdateState = async () => {
    const [service] = await nodeDocker(cluster).listServices({
      filters: JSON.stringify({ name: [`${suite.target.name}_django`] }),
    });
    return service?.UpdateStatus?.State;
  };
  const runningDjango = async () =>
    (await tasksByNode(cluster, suite.target.name, 'django')).filter(
      (task) => task.desiredState === 'running' && task.state === 'running',
    );

  beforeAll(async () => {
    firstVersion = (await suite.app.sha()).slice(0, 7);
    const first = await cli(['deploy', '--json']);
    if (first.code !== 0) throw new Error(`the first deploy failed:\n${label(first)}`);
  }, 300_000);

  // Runs before useClusterApp's clean-up (afterAll hooks run last-registered first).
  afterAll(async () => {
    if (stopped) await startNode(cluster, LOST);
  }, 120_000);

  it('the first deploy spread the app over both workers', async () => {
    const nodes = (await runningDjango()).map((task) => task.node).sort();
    expect(nodes).toEqual(['w1', 'w2']);
  });

  it('a worker lost while the update rolls: the result names it and says whether the app converged on the remaining node — no hang, no false success', async () => {
    secondVersion = (
      await suite.app.commit('v2', { file: WSGI, append: '# v2: deployed while a node is lost\n' })
    ).slice(0, 7);
    const runEnv = { ...suite.baseEnv, GITHUB_SHA: await suite.app.sha() };
    const run = startCli(['deploy', '--json'], {
      cwd: suite.app.dir,
      env: runEnv,
      limitMs: 280_000,
    });
    let result: CliResult;
    try {
      // The update is applied and rolling once the wait starts.
      await run.waitForOutput((stdout) => sawStep(stdout, 'wait'), 200_000);
      await stopNode(LOST);
      stopped = true;
      result = await run.done;
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    expectNoSecrets(result.output, runEnv);
    expect(result.killedAfterLimit, label(result)).toBe(false);

    // The result names the node.
    const lost = nodeStateEvents(result.stdout).filter((event) => event.node === LOST);
    expect(lost.length, label(result)).toBeGreaterThan(0);
    expect(lost[0]).toMatchObject({ back: false });
    expect(String(lost[0]?.state)).toMatch(/down|unknown|disconnected/);
    expect(result.stderr).toMatch(new RegExp(`node ${LOST}\\b`));

    const states = await swarmNodeStates(cluster);
    expect(states[LOST], 'the manager sees the node lost').not.toBe('ready');
    const running = await runningDjango();
    const summary = summaryOf(result.stdout);
    if (result.code === 0) {
      // A success must be true: both replicas of v2 run, on the remaining node.
      expect(summary?.status, label(result)).toBe('deployed');
      expect(result.stderr).toMatch(/converged .*on the remaining nodes/);
      expect(running.map((task) => task.node).sort()).toEqual(['w2', 'w2']);
      expect(running.every((task) => task.image.includes(`django-app:${secondVersion}`))).toBe(
        true,
      );
    } else {
      // Not converged (or rolled back by Swarm): said so, never as deployed.
      expect(summary?.status, label(result)).not.toBe('deployed');
      expect(result.stderr, label(result)).toMatch(new RegExp(`[Nn]ode.? lost: ${LOST}`));
    }
  }, 300_000);

  it('with the node back: the new version deploys to every node, and rollback restores v1 on every node', async () => {
    if (stopped) {
      await startNode(cluster, LOST);
      stopped = false;
    }
    // Swarm resumes (or rolls back) the interrupted update once the node is back: let it settle.
    await waitFor(
      'the interrupted update to settle',
      async () => {
        const state = await djangoUpdateState();
        return state === 'updating' || state === 'rollback_started' ? undefined : true;
      },
      90_000,
      500,
    );
    const again = await cli(['deploy', '--json']);
    expect(again.code, label(again)).toBe(0);
    const updated = await runningDjango();
    expect(
      updated.map((task) => task.image.includes(`django-app:${secondVersion}`)),
      updated.map((task) => `${task.node} ${task.image}`).join('\n'),
    ).toEqual([true, true]);

    const result = await cli(['rollback', firstVersion, '--json']);
    expect(result.code, label(result)).toBe(0);
    const running = await runningDjango();
    expect(
      running.map((task) => task.image.includes(`django-app:${firstVersion}`)),
      running.map((task) => `${task.node} ${task.image}`).join('\n'),
    ).toEqual([true, true]);
    // The rolled-back tasks spread over both workers again.
    expect(running.map((task) => task.node).sort()).toEqual(['w1', 'w2']);
  }, 300_000);
});
