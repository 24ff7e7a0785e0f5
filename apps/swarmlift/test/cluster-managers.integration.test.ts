import { expect, it } from 'vitest';
import { summaryOf } from './support/cli.js';
import {
  type ClusterNode,
  clusterNode,
  describeCluster,
  nodeDocker,
  startNode,
  stopNode,
} from './support/cluster.js';
import { useLightClusterApp } from './support/cluster-light.js';

/**
 * SWARM_MANAGER_IP listing several managers on the cluster: a host key that
 * does not match the first one's pin stops the run (exit 3) and no other is
 * tried; with m1's engine stopped (`cluster.sh stop-node m1`; m2 and m3 keep
 * the quorum) a deploy goes through m2 and says so; with no usable manager
 * the error names each host and why. m1 is started again afterwards.
 */
describeCluster('swarmlift with several managers (SWARM_MANAGER_IP)', (env, cluster) => {
  const m1 = clusterNode(cluster, 'm1');
  const m2 = clusterNode(cluster, 'm2');
  let stopped = false;
  const light = useLightClusterApp(
    env,
    cluster,
    'cl-managers',
    { SWARM_MANAGER_IP: `${m1.addr},${m2.addr}` },
    {
      beforeCleanup: async () => {
        if (stopped) await startNode(cluster, 'm1');
      },
    },
  );
  const { cli, label } = light;
  const sshLabel = (node: ClusterNode) => `${cluster.sshUser}@${node.addr}:${cluster.sshPort}`;

  /** Until m2 answers swarm requests (a new raft leader once m1 is gone). */
  const waitForLeader = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await nodeDocker(cluster, m2).swarmInspect();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  it('uses the first manager when it works, and says which', async () => {
    const result = await cli(['status', '--json']);
    // The stack does not exist yet: status says so, through m1.
    expect(result.code, label(result)).toBe(1);
    expect(summaryOf(result.stdout)).toMatchObject({
      manager: sshLabel(m1),
      error: { code: 'CLI_STACK_NOT_FOUND' },
    });
    expect(result.output).not.toMatch(/skipped/);
  }, 120_000);

  it("a host key that does not match the first manager's pin stops the run (exit 3); the next is not tried", async () => {
    const lines = cluster.knownHosts.split('\n').filter(Boolean);
    const m2Key = lines
      .find((line) => line.split(/\s+/)[0] === m2.addr)
      ?.split(/\s+/)
      .slice(1);
    if (!m2Key) throw new Error(`no known_hosts line for ${m2.addr}`);
    const pins = [
      ...lines.filter((line) => line.split(/\s+/)[0] !== m1.addr),
      `${m1.addr} ${m2Key.join(' ')}`,
    ].join('\n');
    const result = await cli(['status', '--json'], { SSH_HOST_KEY: pins });
    expect(result.code, label(result)).toBe(3);
    const summary = summaryOf(result.stdout);
    expect(summary?.error, label(result)).toMatchObject({ code: 'SSH_HOST_KEY_MISMATCH' });
    expect(String((summary?.error as { message?: string } | undefined)?.message)).toContain(
      m1.addr,
    );
    expect(summary?.manager).toBeUndefined();
    expect(result.output).not.toMatch(/skipped/);
  }, 120_000);

  it('with m1 down, deploy goes through m2 and says so in one warning line', async () => {
    await stopNode('m1');
    stopped = true;
    await waitForLeader();
    const result = await cli(['deploy', '--json'], {}, 280_000);
    expect(result.code, label(result)).toBe(0);
    const summary = summaryOf(result.stdout);
    expect(summary).toMatchObject({ status: 'deployed', manager: sshLabel(m2) });
    const warnings = result.output
      .split('\n')
      .filter((line) => line.includes(`manager ${sshLabel(m1)} skipped`));
    expect(warnings.length, label(result)).toBe(1);
    expect(warnings[0]).toMatch(/docker|engine|daemon|timed out|refused/i);
    // Through m2 (m1's engine is down): the service runs this version.
    const [django] = await nodeDocker(cluster, m2).listServices({
      filters: JSON.stringify({ name: [`${light.target.name}_django`] }),
    });
    const image = (django?.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } })
      ?.ContainerSpec?.Image;
    expect(image).toContain(`django-app:${(await light.app.sha()).slice(0, 7)}`);
  }, 300_000);

  it('with no usable manager, a clear error lists each host and why (exit 3)', async () => {
    const w1 = clusterNode(cluster, 'w1');
    // m1: engine stopped; w1: a worker; 198.18.0.250: no such host.
    const managers = `${m1.addr},${w1.addr},198.18.0.250`;
    const result = await cli(['status', '--json'], { SWARM_MANAGER_IP: managers }, 120_000);
    expect(result.code, label(result)).toBe(3);
    const error = summaryOf(result.stdout)?.error as { code?: string; message?: string };
    expect(error?.code, label(result)).toBe('REMOTE_NO_TARGET_REACHABLE');
    const message = String(error?.message);
    expect(message).toContain(`${sshLabel(m1)}: `);
    expect(message).toMatch(new RegExp(`${w1.addr.replaceAll('.', '\\.')}:22: .*worker`));
    expect(message).toMatch(/198\.18\.0\.250:22: (timed out after 10 s|host unreachable)/);
  }, 150_000);

  it('with m1 back, m1 is used again', async () => {
    await startNode(cluster, 'm1');
    stopped = false;
    const result = await cli(['status', '--json']);
    expect(result.code, label(result)).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ manager: sshLabel(m1) });
  }, 180_000);
});
