// Parity with `docker stack deploy`: every compose file of the corpus is
// deployed by the Docker CLI as one stack and by swarmlift (loadStack →
// planStack → applyPlan, over the real sshd) as another; the service specs AS
// STORED by the engine (GET /services/{id}, no insertDefaults) must be equal
// once stack names, ids and the deliberate difference (content-hash names of
// secrets and configs) are normalized. Networks, secrets and configs created
// for each stack are compared the same way.
import { join } from 'node:path';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerCli,
  dockerClient,
  freePort,
  removeStack,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan, loadStack, planStack } from '../src/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'parity');

/** One deploy in the corpus: its files (merged in order) and what it covers. */
const corpus: { name: string; files: string[] }[] = [
  { name: 'minimal', files: ['01-minimal.yml'] },
  { name: 'command-entrypoint', files: ['02-command-entrypoint.yml'] },
  { name: 'environment', files: ['03-environment.yml'] },
  { name: 'env-file', files: ['04-env-file.yml'] },
  { name: 'labels', files: ['05-labels.yml'] },
  { name: 'ports', files: ['06-ports.yml'] },
  { name: 'networks', files: ['07-networks.yml'] },
  { name: 'volumes', files: ['08-volumes.yml'] },
  { name: 'secrets-configs', files: ['09-secrets-configs.yml'] },
  { name: 'healthcheck', files: ['10-healthcheck.yml'] },
  { name: 'container-options', files: ['11-container-options.yml'] },
  { name: 'logging-sysctls-ulimits', files: ['12-logging-sysctls-ulimits.yml'] },
  { name: 'deploy-replicated', files: ['13-deploy-replicated.yml'] },
  {
    name: 'deploy-global-resources-placement',
    files: ['14-deploy-global-resources-placement.yml'],
  },
  { name: 'anchors-merge-extensions', files: ['15-anchors-merge-extensions.yml'] },
  { name: 'external', files: ['16-external.yml'] },
  { name: 'unsupported-restart', files: ['17-unsupported-restart.yml'] },
  { name: 'multi-file', files: ['18-multi-file-base.yml', '18-multi-file-override.yml'] },
  { name: 'short-ports', files: ['19-short-ports.yml'] },
  { name: 'ipam-templating-generic', files: ['20-ipam-templating-generic.yml'] },
  { name: 'custom-names', files: ['21-custom-names.yml'] },
  { name: 'jobs', files: ['22-jobs.yml'] },
];

const CONCURRENCY = 4;
const REMOVE_TIMEOUT_MS = 120_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces the stack's name everywhere and drops what differs by design (ids, hashed names). */
function normalize(value: Json, stack: string, hashed: boolean): Json {
  const text = JSON.stringify(value).replaceAll(stack, 'STACK');
  const out = JSON.parse(text) as Json;
  const strip = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      const copy: { [key: string]: Json } = {};
      for (const [key, child] of Object.entries(node)) {
        if (key === 'SecretID' || key === 'ConfigID') continue;
        if (
          hashed &&
          ['SecretName', 'ConfigName', 'HashedName'].includes(key) &&
          typeof child === 'string'
        ) {
          copy[key] = child.replace(/^(STACK_.+)_[0-9a-f]{12}$/, '$1');
          continue;
        }
        copy[key] = strip(child);
      }
      return copy;
    }
    return node;
  };
  return strip(out);
}

async function mapLimit<T>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
    }),
  );
}

describeIntegration('parity with docker stack deploy (specs as stored by the engine)', (env) => {
  const docker = dockerClient(env);
  let remote: Remote;
  const external = {
    network: uniqueName('parity-extnet'),
    volume: uniqueName('parity-extvol'),
    secret: uniqueName('parity-extsecret'),
    config: uniqueName('parity-extconfig'),
  };
  // Per fixture: both stacks' objects, or what went wrong (so one failure still lets every stack be removed).
  const results = new Map<string, { cli: Json; swarmlift: Json } | { error: unknown }>();
  // Per fixture: what a second plan of the same files finds to change, for our stack and the CLI's.
  const replans = new Map<string, { ours: string[]; cli: string[] } | { error: unknown }>();

  const stackObjects = async (stack: string, hashed: boolean) => {
    const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
    const services = await docker.listServices({ filters });
    // The engine stores network attachments by id: compare them by name.
    const networkNames = new Map((await docker.listNetworks()).map((n) => [n.Id, n.Name]));
    const specs: { [name: string]: Json } = {};
    for (const { ID } of services) {
      const inspected = await docker.getService(ID as string).inspect();
      for (const attachment of inspected.Spec.TaskTemplate?.Networks ?? []) {
        attachment.Target = networkNames.get(attachment.Target as string) ?? attachment.Target;
      }
      specs[(inspected.Spec.Name as string).replace(`${stack}_`, '')] = normalize(
        inspected.Spec,
        stack,
        hashed,
      );
    }
    const networks = (await docker.listNetworks({ filters })).map((n) => ({
      Name: n.Name,
      Driver: n.Driver,
      Internal: n.Internal,
      Attachable: n.Attachable,
      // Subnets are allocated per network; the driver and options are what the file sets.
      IPAM: { Driver: n.IPAM?.Driver, Options: n.IPAM?.Options },
      // The VXLAN id is allocated per network.
      Options: Object.fromEntries(
        Object.entries(n.Options ?? {}).filter(
          ([key]) => key !== 'com.docker.network.driver.overlay.vxlanid_list',
        ),
      ),
      Labels: n.Labels,
    }));
    // HashedName: swarmlift's content-hash suffix is the deliberate difference, dropped by normalize().
    const secrets = (await docker.listSecrets({ filters })).map((s) => ({
      HashedName: s.Spec?.Name,
      Labels: s.Spec?.Labels,
      Templating: (s.Spec as { Templating?: unknown } | undefined)?.Templating,
    }));
    const configs = (await docker.listConfigs({ filters })).map((c) => ({
      HashedName: c.Spec?.Name,
      Labels: c.Spec?.Labels,
      Templating: (c.Spec as { Templating?: unknown } | undefined)?.Templating,
    }));
    const key = (o: { Name?: string; HashedName?: string }) => o.Name ?? o.HashedName ?? '';
    const byName = (
      a: { Name?: string; HashedName?: string },
      b: { Name?: string; HashedName?: string },
    ) => (key(a) < key(b) ? -1 : 1);
    return {
      services: specs,
      networks: normalize(networks.sort(byName) as unknown as Json, stack, hashed),
      secrets: normalize(secrets.sort(byName) as unknown as Json, stack, hashed),
      configs: normalize(configs.sort(byName) as unknown as Json, stack, hashed),
    } as unknown as Json;
  };

  // Tasks create the stacks' named volumes on the node; neither stack removal takes them.
  const removeVolumes = async (...stacks: string[]) => {
    for (const stack of stacks) {
      const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
      const { Volumes } = await docker.listVolumes({ filters });
      await Promise.all(
        (Volumes ?? []).map((volume) =>
          docker
            .getVolume(volume.Name)
            .remove()
            .catch(() => {}),
        ),
      );
    }
  };

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    await docker.createNetwork({ Name: external.network, Driver: 'overlay', Attachable: true });
    await docker.createSecret({
      Name: external.secret,
      Data: Buffer.from('external secret').toString('base64'),
    });
    await docker.createConfig({
      Name: external.config,
      Data: Buffer.from('external config').toString('base64'),
    });

    await mapLimit(corpus, CONCURRENCY, async (fixture) => {
      const cliStack = uniqueName(`pa-${fixture.name.slice(0, 12)}`);
      const ourStack = uniqueName(`pb-${fixture.name.slice(0, 12)}`);
      const [portA, portB] = [await freePort(), await freePort()];
      const vars: Record<string, string> = {
        IMAGE: env.IMAGE_BUSYBOX,
        PORT_A: String(portA),
        PORT_B: String(portB),
        REPLICAS: '2',
        FROM_SHELL: 'from-the-shell',
        EMPTY_IN_FILE: 'shell-fills-empty',
        EXTERNAL_NETWORK: external.network,
        EXTERNAL_VOLUME: external.volume,
        EXTERNAL_SECRET: external.secret,
        EXTERNAL_CONFIG: external.config,
      };
      const files = fixture.files.map((file) => join(FIXTURES, file));
      try {
        await dockerCli(
          env,
          [
            'stack',
            'deploy',
            '--resolve-image',
            'never',
            ...files.flatMap((f) => ['-c', f]),
            cliStack,
          ],
          { env: { ...vars, NAME_PREFIX: cliStack }, cwd: FIXTURES },
        );
        const stack = await loadStack({
          files,
          stack: ourStack,
          env: { ...process.env, ...vars, NAME_PREFIX: ourStack, UNSET_IN_SHELL: undefined },
        });
        const plan = await planStack({ remote, stack, resolveImage: 'never', prune: false });
        await applyPlan({ remote, plan });
        results.set(fixture.name, {
          cli: await stackObjects(cliStack, false),
          swarmlift: await stackObjects(ourStack, true),
        });
        // Re-deploys are idempotent: the same files plan as unchanged, for our stack and for the
        // one `docker stack deploy` made (where only the secret/config names differ by design).
        const load = (name: string) =>
          loadStack({
            files,
            stack: name,
            env: { ...process.env, ...vars, NAME_PREFIX: name, UNSET_IN_SHELL: undefined },
          });
        const again = await planStack({
          remote,
          stack: await load(ourStack),
          resolveImage: 'never',
        });
        const cliAgain = await planStack({
          remote,
          stack: await load(cliStack),
          resolveImage: 'changed',
        });
        const changesOf = (p: typeof again, skipHashedNames: boolean) =>
          p.services.flatMap((service) =>
            service.changes
              .filter(
                (change) =>
                  !skipHashedNames ||
                  !/^TaskTemplate\.ContainerSpec\.(Secrets|Configs)$/.test(change.path),
              )
              .map((change) => `${service.key} ${change.path}`)
              .concat(
                service.action === 'update' || service.action === 'unchanged'
                  ? []
                  : [`${service.key} ${service.action}`],
              ),
          );
        replans.set(fixture.name, {
          ours: [
            ...changesOf(again, false),
            ...[...again.networks, ...again.secrets, ...again.configs]
              .filter((item) => item.action !== 'unchanged')
              .map((item) => `${item.name} ${item.action}`),
          ],
          cli: changesOf(cliAgain, true),
        });
      } catch (error) {
        if (!results.has(fixture.name)) results.set(fixture.name, { error });
        replans.set(fixture.name, { error });
      } finally {
        // busybox's sleep as PID 1 ignores SIGTERM: tasks stop only after their grace period, on a busy machine slowly.
        const removed = await Promise.allSettled([
          removeStack(env, cliStack, REMOVE_TIMEOUT_MS),
          removeStack(env, ourStack, REMOVE_TIMEOUT_MS),
        ]);
        await removeVolumes(cliStack, ourStack);
        // A stack that cannot be removed fails its fixture, even when the specs matched.
        const failed = removed.find((r) => r.status === 'rejected');
        if (failed) {
          // What was left, to tell a stuck task from a slow engine.
          const left = await Promise.all(
            [cliStack, ourStack].map(async (stack) =>
              (
                await docker.listContainers({
                  all: true,
                  filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
                })
              ).map((c) => `${stack} ${c.Names?.[0]} ${c.State} (${c.Status})`),
            ),
          );
          const reason =
            failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
          results.set(fixture.name, {
            error: new Error(`${reason}; left: ${left.flat().join(', ') || 'networks only'}`, {
              cause: failed.reason,
            }),
          });
        }
      }
    });
  }, 600_000);

  afterAll(async () => {
    await docker
      .getVolume(external.volume)
      .remove()
      .catch(() => {});
    await docker
      .getNetwork(external.network)
      .remove()
      .catch(() => {});
    await docker
      .getSecret(external.secret)
      .remove()
      .catch(() => {});
    await docker
      .getConfig(external.config)
      .remove()
      .catch(() => {});
    await remote?.close();
  });

  it('has a corpus of at least 15 compose files', () => {
    expect(new Set(corpus.flatMap((c) => c.files)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(corpus.map((c) => c.name))(
    '%s: the same specs, networks, secrets and configs as the CLI',
    (name) => {
      const result = results.get(name);
      expect(result, `the ${name} fixture was not deployed`).toBeDefined();
      if (result && 'error' in result) throw result.error;
      const { cli, swarmlift } = result as { cli: { services: object }; swarmlift: Json };
      expect(Object.keys(cli.services).length).toBeGreaterThan(0);
      expect(swarmlift).toEqual(cli);
    },
  );

  it.each(corpus.map((c) => c.name))(
    '%s: a second plan of the same files changes nothing (ours and the CLI-deployed stack)',
    (name) => {
      const replan = replans.get(name);
      expect(replan, `the ${name} fixture was not re-planned`).toBeDefined();
      if (replan && 'error' in replan) throw replan.error;
      expect(replan).toEqual({ ours: [], cli: [] });
    },
  );
});
