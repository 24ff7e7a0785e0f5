// Compose files through the real loader: a re-apply of the same file plans as
// unchanged and restarts no task, and a stack the Docker CLI deployed plans as
// unchanged too (both write the same labels and the same specs).
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
  waitFor,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan, formatPlan, loadStack, planStack } from '../src/index.js';
import { runningTaskIds } from './running-task-ids.js';

const FIXTURES = join(import.meta.dirname, 'deploy-fixtures');

describeIntegration('re-applying compose files', (env) => {
  let remote: Remote;
  const docker = dockerClient(env);
  const stacks: string[] = [];
  const newStack = (label: string) => {
    const name = uniqueName(label);
    stacks.push(name);
    return name;
  };
  const filters = (stack: string) =>
    JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
  const services = async (stack: string) =>
    (await docker.listServices({ filters: filters(stack) }))
      .map((s) => [s.ID, s.Version?.Index])
      .sort();
  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
  });
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => removeStack(env, stack)));
    await remote?.close();
  });

  it('a file with many keys and a minimal service: the second plan is all unchanged and no task restarts', async () => {
    const stack = newStack('rich');
    const vars = { ...process.env, IMAGE: env.IMAGE_BUSYBOX, PORT: String(await freePort()) };
    const load = () => loadStack({ files: [join(FIXTURES, 'rich.yml')], stack, env: vars });
    const first = await planStack({ remote, stack: await load(), resolveImage: 'never' });
    await applyPlan({ remote, plan: first });
    const tasks = await runningTaskIds(docker, stack, 3, 90_000);
    const before = await services(stack);

    const second = await planStack({ remote, stack: await load(), resolveImage: 'never' });
    expect(formatPlan(second)).toContain('No changes.');
    expect(second.unchanged).toBe(true);
    const record = await applyPlan({ remote, plan: second });
    expect(record.services.map((s) => s.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await services(stack)).toEqual(before);
    expect(await runningTaskIds(docker, stack, 3, 90_000)).toEqual(tasks);
  });

  it('a stack deployed by `docker stack deploy` plans as unchanged, and `docker stack services` lists ours', async () => {
    const cliStack = newStack('bycli');
    const file = join(FIXTURES, 'plain.yml');
    await dockerCli(
      env,
      ['stack', 'deploy', '--detach=true', '--resolve-image', 'never', '-c', file, cliStack],
      {
        env: { IMAGE: env.IMAGE_BUSYBOX },
      },
    );
    const loaded = await loadStack({
      files: [file],
      stack: cliStack,
      env: { ...process.env, IMAGE: env.IMAGE_BUSYBOX },
    });
    const plan = await planStack({ remote, stack: loaded, resolveImage: 'changed' });
    expect(plan.services.map((s) => [s.name, s.action, s.changes])).toEqual([
      [`${cliStack}_minimal`, 'unchanged', []],
      [`${cliStack}_web`, 'unchanged', []],
      [`${cliStack}_worker`, 'unchanged', []],
    ]);
    expect(plan.networks.map((n) => n.action)).toEqual(['unchanged', 'unchanged']);

    const ours = newStack('ours');
    const oursLoaded = await loadStack({
      files: [file],
      stack: ours,
      env: { ...process.env, IMAGE: env.IMAGE_BUSYBOX },
    });
    await applyPlan({
      remote,
      plan: await planStack({ remote, stack: oursLoaded, resolveImage: 'never' }),
    });
    const listed = await dockerCli(env, ['stack', 'services', '--format', '{{.Name}}', ours]);
    expect(String(listed.stdout).split('\n').sort()).toEqual([
      `${ours}_minimal`,
      `${ours}_web`,
      `${ours}_worker`,
    ]);
    await dockerCli(env, ['stack', 'rm', ours]);
    await waitFor('services removed by docker stack rm', async () =>
      (await docker.listServices({ filters: filters(ours) })).length === 0 ? true : undefined,
    );
  });
});
