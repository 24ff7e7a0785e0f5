import { readFile, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { jsonLines, summaryOf } from './support/cli.js';
import { type ClusterNode, clusterNode, describeCluster } from './support/cluster.js';
import { useLightClusterApp } from './support/cluster-light.js';
import { getText } from './support/stack.js';

const CSS = 'app/hits/static/hits/site.css';
const WSGI = 'app/config/wsgi.py';

/**
 * STATIC_HOSTS on the cluster: the nginx of w1, w2 and m1 (each serving its
 * own /srv/swarmlift-cluster) get every release before any link switches; a
 * host that cannot be reached, or shows a host key other than its pin, stops
 * the run before anything switches anywhere (exit 3, CLI_STATIC_HOST_FAILED
 * naming the host); status shows each host's release and a mismatch;
 * rollback checks every host first and switches them all.
 */
describeCluster('swarmlift with several static hosts (STATIC_HOSTS)', (env, cluster) => {
  const hosts = ['w1', 'w2', 'm1'].map((name) => clusterNode(cluster, name));
  const light = useLightClusterApp(env, cluster, 'cl-static', {
    STATIC_HOSTS: hosts.map((node) => node.addr).join(','),
  });
  const { cli, label } = light;
  let v1: string;
  let v2: string;

  /** The static folder of this test as the host sees the node's /srv/swarmlift-cluster. */
  const folderOn = (node: ClusterNode) => {
    if (!node.srv) throw new Error(`cluster.sh wrote no CLUSTER_NODE_${node.name}_SRV`);
    return join(node.srv, 't', light.target.name);
  };
  const liveOn = async (node: ClusterNode) =>
    (await readlink(join(folderOn(node), 'static')).catch(() => '')).split('/').at(-1);
  const cssOn = (node: ClusterNode) => getText(`${light.target.staticUrlOn(node)}hits/site.css`);

  it('deploy puts the release on every host and switches every link; each nginx serves it', async () => {
    v1 = (await light.app.sha()).slice(0, 7);
    const result = await cli(['deploy', '--json']);
    expect(result.code, label(result)).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'deployed', staticRelease: v1 });
    for (const node of hosts) {
      expect(await liveOn(node), node.name).toBe(v1);
      const css = await cssOn(node);
      expect(css.status, `${node.name} serves ${light.target.staticUrlOn(node)}`).toBe(200);
      expect(css.text).toContain('{');
    }
    expect(result.output).toMatch(
      /release \w+ on 198\.18\.0\.\d+, 198\.18\.0\.\d+, 198\.18\.0\.\d+/,
    );
  }, 300_000);

  it('one host unreachable: the deploy stops before any link switches (exit 3, the host named)', async () => {
    v2 = (
      await light.app.commit('v2 css', { file: CSS, append: '/* sltest static hosts v2 */\n' })
    ).slice(0, 7);
    const w2 = clusterNode(cluster, 'w2');
    // Nothing listens on w2:2222: the connection is refused there.
    const staticHosts = `${hosts[0]?.addr},${w2.addr}:2222,${hosts[2]?.addr}`;
    const result = await cli(['deploy', '--json'], { STATIC_HOSTS: staticHosts });
    expect(result.code, label(result)).toBe(3);
    const summary = summaryOf(result.stdout);
    expect(summary?.error, label(result)).toMatchObject({ code: 'CLI_STATIC_HOST_FAILED' });
    const message = String((summary?.error as { message?: string } | undefined)?.message);
    expect(message).toContain(`${w2.addr}:2222: connection refused`);
    expect(message).toContain('no link was switched');
    // It stopped at the static step, after the build and the lock, before the stack changed.
    const ends = jsonLines(result.stdout).filter((line) => line.type === 'step_end');
    expect(ends.map((line) => [line.step, line.status])).toEqual(
      expect.arrayContaining([
        ['build', 'done'],
        ['lock', 'done'],
        ['static', 'failed'],
      ]),
    );
    expect(ends.some((line) => line.step === 'apply')).toBe(false);
    for (const node of hosts) {
      expect(await liveOn(node), node.name).toBe(v1);
      expect((await cssOn(node)).text).not.toContain('sltest static hosts v2');
    }
  }, 300_000);

  it("a host whose key is not its pin: static stops before anything moves (exit 3, the host's key named)", async () => {
    const w1 = hosts[0] as ClusterNode;
    const w2 = hosts[1] as ClusterNode;
    // w1 pinned with w2's key: what an attacker in front of w1 would look like.
    const lines = cluster.knownHosts.split('\n').filter(Boolean);
    const w2Key = lines
      .find((line) => line.split(/\s+/)[0] === w2.addr)
      ?.split(/\s+/)
      .slice(1);
    if (!w2Key) throw new Error(`no known_hosts line for ${w2.addr}`);
    const pins = [
      ...lines.filter((line) => line.split(/\s+/)[0] !== w1.addr),
      `${w1.addr} ${w2Key.join(' ')}`,
    ].join('\n');
    const result = await cli(['static', '--json'], { SSH_HOST_KEY: pins });
    expect(result.code, label(result)).toBe(3);
    const error = summaryOf(result.stdout)?.error as { code?: string; message?: string };
    expect(error?.code, label(result)).toBe('CLI_STATIC_HOST_FAILED');
    expect(error?.message).toContain(`${w1.addr}:22: host key mismatch`);
    for (const node of hosts) expect(await liveOn(node), node.name).toBe(v1);
  }, 300_000);

  it('plan lists the files to upload per host; deploy then switches all to v2', async () => {
    const plan = await cli(['plan', '--json']);
    expect(plan.code, label(plan)).toBe(0);
    const staticStep = jsonLines(plan.stdout).find(
      (line) => line.type === 'step_end' && line.step === 'static',
    );
    for (const node of hosts)
      expect(String(staticStep?.detail ?? plan.stderr), label(plan)).toContain(node.addr);

    const result = await cli(['deploy', '--json']);
    expect(result.code, label(result)).toBe(0);
    for (const node of hosts) {
      expect(await liveOn(node), node.name).toBe(v2);
      expect((await cssOn(node)).text).toContain('sltest static hosts v2');
    }
  }, 300_000);

  it('a version that crashes: Swarm rolls it back and every host goes back to its previous release', async () => {
    const wsgi = await readFile(join(light.app.dir, WSGI), 'utf8');
    const v3 = (
      await light.app.commit(
        'v3 crashes',
        { file: CSS, append: '/* sltest static hosts v3 */\n' },
        { file: WSGI, content: `${wsgi}\nraise RuntimeError("sltest static hosts v3")\n` },
      )
    ).slice(0, 7);
    const result = await cli(['deploy', '--json']);
    expect(result.code, label(result)).toBe(1);
    expect(summaryOf(result.stdout)?.error, label(result)).toMatchObject({
      code: 'CLI_DEPLOY_NOT_CONVERGED',
    });
    expect(result.output).toMatch(/static files: .*static back on /);
    for (const node of hosts) {
      expect(await liveOn(node), node.name).toBe(v2);
      expect((await cssOn(node)).text).not.toContain('sltest static hosts v3');
    }
    // The code of v2 again (a new commit), so later deploys do not crash.
    await light.app.commit('back to v2 code', { file: WSGI, content: wsgi });
    expect(v3).not.toBe(v2);
  }, 300_000);

  it('status shows the release of each host, and hosts that differ as a problem', async () => {
    const agree = await cli(['status', '--json']);
    expect(agree.code, label(agree)).toBe(0);
    const data = summaryOf(agree.stdout)?.data as {
      staticHosts: { host: string; live: string }[];
      problems: { code: string | null }[];
    };
    expect(data.staticHosts.map((h) => h.live)).toEqual([v2, v2, v2]);
    expect(data.problems.filter((p) => p.code === 'STATIC_HOSTS_DIFFER')).toEqual([]);

    // w2's link put back on v1 by hand: the hosts now differ.
    const w2 = hosts[1] as ClusterNode;
    const link = join(folderOn(w2), 'static');
    await rm(link);
    await symlink(`releases/${v1}`, link);
    const differ = await cli(['status']);
    expect(differ.stdout, label(differ)).toContain('! the static hosts serve different releases');
    expect(differ.stdout).toContain(`${w2.addr}:22 ${v1}`);
  }, 120_000);

  it('rollback checks the release on every host before anything, then switches them all', async () => {
    const result = await cli(['rollback', v1, '--json']);
    expect(result.code, label(result)).toBe(0);
    for (const node of hosts) {
      expect(await liveOn(node), node.name).toBe(v1);
      expect((await cssOn(node)).text).not.toContain('sltest static hosts v2');
    }

    // A release that is gone from one host: refused before anything changes.
    const w1 = hosts[0] as ClusterNode;
    await rm(join(folderOn(w1), 'releases', v2), { recursive: true, force: true });
    const refused = await cli(['rollback', v2, '--json']);
    expect(refused.code, label(refused)).toBe(1);
    const error = summaryOf(refused.stdout)?.error as { code?: string; message?: string };
    expect(error?.code).toBe('CLI_ROLLBACK_STATIC_MISSING');
    expect(error?.message).toContain(`${w1.addr}:22`);
    expect(error?.message).not.toContain(`${hosts[1]?.addr}:22`);
    for (const node of hosts) expect(await liveOn(node), node.name).toBe(v1);
  }, 300_000);

  it('doctor checks STATIC_TARGET on every static host', async () => {
    const result = await cli(['doctor', '--json'], {}, 180_000);
    const data = summaryOf(result.stdout)?.data as { checks?: { id: string }[] } | undefined;
    const check = data?.checks?.find((one) => one.id === 'static-target') as
      | { ok: boolean; message: string }
      | undefined;
    expect(check, label(result)).toMatchObject({ ok: true });
    expect(String(check?.message)).toContain('writable on all 3 static hosts');
  }, 200_000);
});
