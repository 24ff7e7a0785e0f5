import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, OptionsError } from '@swarmlift/core';
import {
  acquireStackLock,
  connect,
  LockHeldError,
  type Remote,
  type StackLock,
} from '@swarmlift/remote';
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
  createSuperuser,
  MigrateLockError,
  MigratorError,
  type MigratorEvent,
  migrate,
  OneOffError,
  type RunOneOffOptions,
  runOneOff,
} from '../src/index.js';
import { engineTarget } from './engine-target.js';
import {
  buildFixtureImage,
  createDatabase,
  djangoEnv,
  leftovers,
  psql,
  startRedisStack,
  testCredentials,
} from './fixture.js';

describeIntegration('migrator against the real swarm and Postgres', (env) => {
  // The runs go through a real @swarmlift/remote SSH session; checks use the local socket.
  const docker = dockerClient(env);
  let remote: Remote;
  const credentials = testCredentials(env);
  const stacks: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let image: string;
  let redisStack: string;

  const newStack = (label: string) => {
    const stack = uniqueName(label);
    stacks.push(stack);
    return stack;
  };
  const newDatabase = async () => {
    const db = await createDatabase(env);
    cleanups.push(db.drop);
    return db.name;
  };
  /** The job service is gone at once; its task containers shortly after. */
  const expectCleanedUp = async (stack: string, only?: readonly string[]) => {
    // The shared redis stack is used by tests running at the same time: look at this test's runs only.
    const mine = (entry: string) => !only || only.some((name) => entry.includes(name));
    expect((await leftovers(env, stack)).filter(mine)).toEqual([]);
    await waitFor(
      `the one-off containers of ${stack} to be removed`,
      async () => {
        const filters = JSON.stringify({
          label: [`io.swarmlift.one-off=${stack}`],
        });
        return (await docker.listContainers({ all: true, filters })).length === 0
          ? true
          : undefined;
      },
      30_000,
    );
  };
  /** Task records of a service, also after it was removed (a service filter needs it to exist). */
  const tasksOf = async (serviceId: string) =>
    (await docker.listTasks()).filter((task) => task.ServiceID === serviceId);
  /** A one-off for `stack` with the shared image and registry credentials; `more` on top. */
  const runIn = (stack: string, command: readonly string[], more: Partial<RunOneOffOptions> = {}) =>
    runOneOff({ remote, image, credentials, stack, command, timeoutMs: 60_000, ...more });
  const secretsOf = (values: Record<string, string>) =>
    [values.DB_PASSWORD, values.SECRET_KEY] as string[];

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    const built = await buildFixtureImage(env);
    cleanups.push(built.remove);
    image = built.ref;
    redisStack = newStack('mig-redis');
    await startRedisStack(env, redisStack);
  });
  afterAll(async () => {
    for (const stack of stacks) await removeStack(env, stack).catch(() => {});
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await remote?.close();
  });

  // Generous per-test limits: on a busy 2-core CI machine a Django start-up alone can take seconds.
  describe.concurrent('job mode', { timeout: 240_000 }, () => {
    it('migrate: --check lists pending, applies all, a re-run applies none, --check is then clean', async () => {
      const stack = newStack('mig-apply');
      const database = await newDatabase();
      const values = djangoEnv(env, database);
      // The env file as env-writer writes it; DB_HOST comes from the object on top of it.
      const folder = await mkdtemp(join(tmpdir(), 'migrator-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      const envFile = join(folder, '.env');
      const { DB_HOST, ...fileValues } = values;
      await writeFile(
        envFile,
        Object.entries(fileValues)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
        { mode: 0o600 },
      );
      const events: MigratorEvent[] = [];
      const live: string[] = [];
      const common = {
        remote,
        image,
        stack,
        envFile,
        env: { DB_HOST },
        credentials,
        timeoutMs: 90_000,
        onEvent: (event: MigratorEvent) => events.push(event),
      };

      const before = await migrate({ ...common, check: true });
      expect(before.exitCode).toBe(1);
      expect(before.applied).toEqual([]);
      expect(before.pending).toEqual(
        expect.arrayContaining([
          'shop.0001_initial',
          'shop.0002_product_price',
          'notes.0001_initial',
          'notes.0002_seed',
        ]),
      );
      expect(before.pending).toContain('auth.0001_initial');

      const first = await migrate({ ...common, onLog: (line) => live.push(line) });
      expect(first.exitCode).toBe(0);
      expect(first.applied).toEqual(expect.arrayContaining(before.pending));
      expect(first.applied).toHaveLength(before.pending.length);
      expect(first.applied.indexOf('shop.0002_product_price')).toBeLessThan(
        first.applied.indexOf('notes.0002_seed'),
      );
      expect(live).toContain('  Applying notes.0002_seed... OK');
      expect(first.logs.split('\n')).toEqual(live);
      expect(first.node).not.toBe('');
      expect(first.taskId).toMatch(/^[a-z0-9]{25}$/);
      // The database really has the tables and the seeded row.
      expect(await psql(env, 'SELECT text FROM notes_note', database)).toBe('seeded');

      const again = await migrate(common);
      expect(again.applied).toEqual([]);
      expect(again.stdout).toContain('No migrations to apply.');
      const after = await migrate({ ...common, check: true });
      expect(after).toMatchObject({ exitCode: 0, pending: [], applied: [] });
      const plan = await migrate({ ...common, plan: true });
      expect(plan.stdout).toContain('No planned migration operations.');

      // Values never travel in events; every run was removed.
      const serialized = JSON.stringify(events);
      for (const secret of secretsOf(values)) expect(serialized).not.toContain(secret);
      const created = events.filter((e) => e.type === 'one_off_created');
      expect(created).toHaveLength(5);
      expect(created[0]).toMatchObject({
        mode: 'job',
        envKeys: expect.arrayContaining(['DB_PASSWORD', 'DB_HOST']),
      });
      // Only the two applying runs take the lock; previews do not.
      expect(events.filter((e) => e.type === 'lock_acquired')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'lock_released')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'one_off_removed')).toHaveLength(5);
      expect(events.map((e) => e.type === 'task_state' && e.state)).toContain('complete');
      await expectCleanedUp(stack);
    });

    it("a prune plan or a record-less wait during a migration does not take the job for the stack's", async () => {
      const stack = newStack('mig-prune');
      const values = djangoEnv(env, await newDatabase());
      const names = async (label: string) =>
        (await docker.listServices({ filters: JSON.stringify({ label: [label] }) })).map(
          (service) => service.Spec?.Name,
        );
      let seen: Promise<{ stack: unknown[]; oneOff: unknown[]; job: string }> | undefined;
      const result = await migrate({
        remote,
        image,
        stack,
        env: values,
        credentials,
        timeoutMs: 90_000,
        // A real migration that takes its time, so the job is looked at while it exists.
        manage: ['sh', '-c', 'sleep 2 && exec python manage.py "$@"', 'manage.py'],
        onEvent: (event) => {
          if (event.type !== 'one_off_created' || event.mode !== 'job') return;
          const job = event.service;
          seen = (async () => ({
            // What planStack({ prune: true }) and stack-waiter list as the stack: its namespace label.
            stack: await names(`com.docker.stack.namespace=${stack}`),
            oneOff: await names(`io.swarmlift.one-off=${stack}`),
            job,
          }))();
        },
      });
      expect(result.applied).toContain('notes.0002_seed');
      const during = await seen;
      expect(during?.oneOff).toEqual([during?.job]);
      expect(during?.stack).toEqual([]);
      await expectCleanedUp(stack);
    });

    it('reaches a stack service by its name on the stack network, and hides secret values in its logs', async () => {
      const values = djangoEnv(env, 'unused', { REDIS_HOST: 'redis' });
      const lines: string[] = [];
      const result = await runOneOff({
        remote,
        image,
        stack: redisStack,
        command: ['python', 'manage.py', 'ping_redis'],
        env: values,
        credentials,
        timeoutMs: 60_000,
        onLog: (line) => lines.push(line),
      });
      expect(result.stdout).toBe('redis redis: reached PONG=True');
      expect(lines).toEqual(['redis redis: reached PONG=True']);

      const leaky = await runOneOff({
        remote,
        image,
        stack: redisStack,
        command: ['sh', '-c', 'echo "password is $DB_PASSWORD"; echo "key $SECRET_KEY" >&2'],
        env: values,
        credentials,
        timeoutMs: 60_000,
      });
      expect(leaky.stdout).toBe('password is ***');
      expect(leaky.stderr).toBe('key ***');
      await expectCleanedUp(redisStack, [result.name, leaky.name]);
    });

    it('a migration that raises is ONE_OFF_FAILED with the exit code and the traceback, and no job is left', async () => {
      const stack = newStack('mig-fail');
      const values = djangoEnv(env, await newDatabase(), { MIGRATION_SHOULD_FAIL: '1' });
      const error = await expectRejection(
        migrate({ remote, image, stack, env: values, credentials, timeoutMs: 90_000 }),
        { code: 'ONE_OFF_FAILED', class: OneOffError, secrets: secretsOf(values) },
      );
      expect(error).toMatchObject({ exitCode: 1 });
      const tail = (error as OneOffError).lastLines.join('\n');
      expect(tail).toContain('Traceback');
      expect(tail).toContain(
        'RuntimeError: notes.0002_seed refused to run (MIGRATION_SHOULD_FAIL=1)',
      );
      expect((error as OneOffError).details.logs).toContain(
        'Applying shop.0002_product_price... OK',
      );
      expect((error as Error).message).toContain('exited with code 1');
      await expectCleanedUp(stack);
      // The lock was given back: the next migration (without the failing switch) runs.
      const fixed = await migrate({
        remote,
        image,
        credentials,
        stack,
        env: { ...values, MIGRATION_SHOULD_FAIL: '0' },
        timeoutMs: 90_000,
      });
      expect(fixed.applied).toEqual(['notes.0002_seed']);
    });

    it('createSuperuser: created, then reported as already existing', async () => {
      const stack = newStack('mig-su');
      const values = djangoEnv(env, await newDatabase());
      await migrate({ remote, image, stack, env: values, credentials, timeoutMs: 90_000 });
      const password = `pw-${uniqueName('x')}`;
      const events: MigratorEvent[] = [];
      const lines: string[] = [];
      const options = {
        remote,
        image,
        credentials,
        stack,
        env: values,
        username: 'admin',
        email: 'admin@example.com',
        password,
        timeoutMs: 60_000,
        onEvent: (e: MigratorEvent) => events.push(e),
        onLog: (line: string) => lines.push(line),
      };
      const first = await createSuperuser(options);
      expect(first).toMatchObject({ created: true, alreadyExists: false, exitCode: 0 });
      expect(first.stdout).toContain('Superuser created successfully.');
      const second = await createSuperuser(options);
      expect(second).toMatchObject({ created: false, alreadyExists: true, exitCode: 1 });
      expect(second.stderr).toContain('That username is already taken');
      expect(
        await psql(
          env,
          "SELECT is_superuser FROM auth_user WHERE username = 'admin'",
          values.DB_NAME,
        ),
      ).toBe('t');
      expect(JSON.stringify(events)).not.toContain(password);
      expect(lines.join('\n')).not.toContain(password);
      await expectCleanedUp(stack);
    });

    it('a timeout stops and removes the job', async () => {
      const stack = newStack('mig-timeout');
      const states: string[] = [];
      const error = await expectRejection(
        runIn(stack, ['sh', '-c', 'echo started; sleep 60'], {
          timeoutMs: 4_000,
          stopGracePeriodMs: 500,
          onEvent: (e) => e.type === 'task_state' && states.push(e.state),
        }),
        {
          code: 'ONE_OFF_TIMEOUT',
          class: OneOffError,
        },
      );
      expect((error as Error).message).toContain('did not finish within 4000 ms');
      expect((error as OneOffError).details.durationMs).toBeLessThan(30_000);
      await expectCleanedUp(stack);
    });

    it('cancellation stops and removes the job', async () => {
      const stack = newStack('mig-abort');
      const controller = new AbortController();
      const error = await expectRejection(
        runIn(stack, ['sh', '-c', 'echo running; sleep 60'], {
          signal: controller.signal,
          stopGracePeriodMs: 500,
          onLog: (line) => line === 'running' && controller.abort(new Error('deploy cancelled')),
        }),
        {
          code: 'ONE_OFF_ABORTED',
          class: OneOffError,
        },
      );
      expect((error as OneOffError).lastLines).toContain('running');
      await expectCleanedUp(stack);
    });

    it('an image that cannot be pulled is ONE_OFF_IMAGE_PULL_FAILED', async () => {
      const stack = newStack('mig-pull');
      const error = await expectRejection(
        runOneOff({
          remote,
          image: `${env.REGISTRY_HOST}/swarmlift-test/migrator-does-not-exist:${uniqueName('t')}`,
          stack,
          command: ['true'],
          credentials,
          timeoutMs: 60_000,
        }),
        {
          code: 'ONE_OFF_IMAGE_PULL_FAILED',
          class: OneOffError,
        },
      );
      expect((error as Error).message).toContain('migrator-does-not-exist');
      expect((error as Error).message).not.toContain(env.REGISTRY_PASSWORD);
      await expectCleanedUp(stack);
    });

    it('a job no node can run is ONE_OFF_NO_SUITABLE_NODE', async () => {
      const stack = newStack('mig-node');
      const error = await expectRejection(
        runIn(stack, ['true'], {
          constraints: ['node.labels.sltest-no-such-label==yes'],
          unschedulableAfterMs: 1_000,
        }),
        {
          code: 'ONE_OFF_NO_SUITABLE_NODE',
          class: OneOffError,
        },
      );
      expect((error as Error).message).toContain('no suitable node');
      await expectCleanedUp(stack);
    });

    it("a spec the engine refuses is ONE_OFF_DOCKER_API_FAILED with the engine's message", async () => {
      const stack = newStack('mig-api');
      const error = await expectRejection(
        runIn(stack, ['true'], {
          constraints: ['not a constraint'],
          timeoutMs: 30_000,
        }),
        {
          code: 'ONE_OFF_DOCKER_API_FAILED',
          class: OneOffError,
        },
      );
      expect((error as Error).message).toMatch(/constraint/i);
      expect(await leftovers(env, stack)).toEqual([]);
    });

    it('a command that cannot start is ONE_OFF_START_FAILED', async () => {
      const stack = newStack('mig-start');
      const error = await expectRejection(runIn(stack, ['no-such-program-here']), {
        code: 'ONE_OFF_START_FAILED',
        class: OneOffError,
      });
      expect((error as Error).message).toContain('no-such-program-here');
      await expectCleanedUp(stack);
    });

    it("jobKind 'replicated-job' creates Swarm's Mode.ReplicatedJob and removes its container too; its task record goes on Docker 26 only", async () => {
      const stack = newStack('mig-rjob');
      let mode: unknown;
      let serviceId = '';
      const result = await runIn(stack, ['sh', '-c', 'echo from a replicated job; exit 3'], {
        jobKind: 'replicated-job',
        reject: false,
        onEvent: (e) => {
          if (e.type !== 'one_off_created' || e.mode !== 'job') return;
          serviceId = e.serviceId;
          mode = docker
            .getService(e.serviceId)
            .inspect()
            .then((s) => s.Spec.Mode);
        },
      });
      expect(await mode).toEqual({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
      expect(result).toMatchObject({
        exitCode: 3,
        jobKind: 'replicated-job',
        stdout: 'from a replicated job',
      });
      await expectCleanedUp(stack);
      const target = engineTarget(await docker.version());
      if (target.removesJobTasks)
        await waitFor('the removed job to leave no task record', async () =>
          (await tasksOf(serviceId)).length === 0 ? true : undefined,
        );
      // Docker 20.10 keeps the removed job's task record (moby/moby#44312): why 'auto' avoids the kind there.
      else expect((await tasksOf(serviceId)).length).toBe(1);
    });

    it("jobKind 'auto' takes the engine's path: Mode.ReplicatedJob on Docker 26, one replica on 20.10; no task record is left", async () => {
      const stack = newStack('mig-auto');
      const target = engineTarget(await docker.version());
      let created: { serviceId: string; mode: Promise<unknown> } | undefined;
      const result = await runIn(stack, ['sh', '-c', 'echo auto; exit 0'], {
        jobKind: 'auto',
        onEvent: (e) => {
          if (e.type === 'one_off_created' && e.mode === 'job')
            created = {
              serviceId: e.serviceId,
              mode: docker
                .getService(e.serviceId)
                .inspect()
                .then((s) => s.Spec.Mode),
            };
        },
      });
      expect(result).toMatchObject({ exitCode: 0, jobKind: target.autoJobKind, stdout: 'auto' });
      expect(await created?.mode).toEqual(target.autoMode);
      await expectCleanedUp(stack);
      const serviceId = created?.serviceId ?? '';
      await waitFor(
        `the removed ${target.autoJobKind} service to leave no task record`,
        async () => ((await tasksOf(serviceId)).length === 0 ? true : undefined),
      );
    });
  });

  describe.concurrent('container mode', { timeout: 240_000 }, () => {
    it("runs on the stack's overlay network: Postgres through docker_gwbridge and redis by name", async () => {
      const values = djangoEnv(env, await newDatabase(), { REDIS_HOST: 'redis' });
      const common = {
        remote,
        image,
        stack: redisStack,
        env: values,
        credentials,
        mode: 'container' as const,
        timeoutMs: 90_000,
      };
      const migrated = await migrate(common);
      expect(migrated).toMatchObject({ mode: 'container', exitCode: 0 });
      expect(migrated.applied).toContain('notes.0002_seed');
      expect(migrated.taskId).toMatch(/^[0-9a-f]{64}$/);
      const pinged = await runOneOff({ ...common, command: ['python', 'manage.py', 'ping_redis'] });
      expect(pinged.stdout).toBe('redis redis: reached PONG=True');
      await expectCleanedUp(redisStack, [migrated.name, pinged.name]);
    });

    it("the guide's default bridge: the container runs there, Postgres refuses that subnet where it sees it (pg_hba), and the container is removed", async () => {
      const stack = newStack('mig-bridge');
      const values = djangoEnv(env, await newDatabase());
      const subnetOf = async (network: string) =>
        (await docker.getNetwork(network).inspect()).IPAM?.Config?.[0] as
          | { Subnet: string; Gateway: string }
          | undefined;
      const bridge = await subnetOf('bridge');
      const common = {
        remote,
        image,
        credentials,
        stack,
        env: values,
        mode: 'container' as const,
        networkMode: 'bridge',
        timeoutMs: 90_000,
      };
      const address = await runOneOff({
        ...common,
        command: [
          'python',
          '-c',
          'import socket; print(socket.gethostbyname(socket.gethostname()))',
        ],
      });
      expect(ipv4InSubnet(address.stdout, bridge?.Subnet ?? '')).toBe(true);
      await expectCleanedUp(stack);

      // Postgres sees a container's own address only where PG_SWARM_HOST is the engine's
      // docker_gwbridge gateway (the single-node env). A node in its own network namespace
      // (the engine-26 target) reaches it through its NAT and a forwarder: from 127.0.0.1.
      const seesContainers = (await subnetOf('docker_gwbridge'))?.Gateway === env.PG_SWARM_HOST;
      if (!seesContainers) {
        const migrated = await migrate(common);
        expect(migrated).toMatchObject({ mode: 'container', exitCode: 0 });
        await expectCleanedUp(stack);
        return;
      }
      const error = await expectRejection(migrate(common), {
        code: 'ONE_OFF_FAILED',
        class: OneOffError,
      });
      expect(error).toMatchObject({ exitCode: 1 });
      const bridgePrefix = (bridge?.Gateway ?? '').split('.').slice(0, 2).join('.');
      expect(bridgePrefix).toBe('172.17');
      expect((error as OneOffError).lastLines.join('\n')).toContain(
        `no pg_hba.conf entry for host "${bridgePrefix}.`,
      );
      await expectCleanedUp(stack);
    });

    it('refuses a stack network that is not attachable with ONE_OFF_NETWORK_UNUSABLE, before creating anything', async () => {
      const stack = newStack('mig-noattach');
      // What `docker stack deploy` creates unless the compose file says `attachable: true`.
      await docker.createNetwork({
        Name: `${stack}_default`,
        Driver: 'overlay',
        Labels: { 'com.docker.stack.namespace': stack },
      });
      const error = await expectRejection(
        runIn(stack, ['true'], {
          mode: 'container',
          timeoutMs: 30_000,
        }),
        {
          code: 'ONE_OFF_NETWORK_UNUSABLE',
          class: MigratorError,
        },
      );
      expect((error as Error).message).toContain(`${stack}_default`);
      expect(await leftovers(env, stack)).toEqual([]);
    });

    it('cancellation stops and removes the container', async () => {
      const stack = newStack('mig-cabort');
      const controller = new AbortController();
      const error = await expectRejection(
        runIn(stack, ['sh', '-c', 'echo running; sleep 60'], {
          mode: 'container',
          signal: controller.signal,
          stopGracePeriodMs: 500,
          onLog: (line) => line === 'running' && controller.abort(new Error('deploy cancelled')),
        }),
        {
          code: 'ONE_OFF_ABORTED',
          class: OneOffError,
        },
      );
      expect((error as OneOffError).lastLines).toContain('running');
      await expectCleanedUp(stack);
    });

    it('a timeout kills and removes the container', async () => {
      const stack = newStack('mig-ctimeout');
      await expectRejection(
        runIn(stack, ['sleep', '60'], {
          mode: 'container',
          timeoutMs: 2_000,
          stopGracePeriodMs: 500,
        }),
        {
          code: 'ONE_OFF_TIMEOUT',
          class: OneOffError,
        },
      );
      await expectCleanedUp(stack);
    });
  });

  describe('the stack lock', { timeout: 240_000 }, () => {
    const stack = uniqueName('mig-lock');
    stacks.push(stack);
    let held: StackLock;

    it("refuses to migrate while another run holds the stack's lock (MIGRATE_LOCK_HELD), touching nothing", async () => {
      held = await acquireStackLock({ remote, stack, owner: 'ci-run-1', ttlMs: 60_000 });
      cleanups.push(() => held.release());
      const blocked = await expectRejection(
        migrate({ remote, image, stack, env: {}, timeoutMs: 30_000 }),
        { code: 'MIGRATE_LOCK_HELD', class: MigrateLockError },
      );
      expect(MigratorError.isInstance(blocked)).toBe(true);
      expect(OneOffError.isInstance(blocked)).toBe(false);
      expect(blocked).toMatchObject({
        code: 'MIGRATE_LOCK_HELD',
        category: 'lock_held',
        owner: 'ci-run-1',
        expiresAt: held.expiresAt,
      });
      expect(exitCodeOf(blocked)).toBe(4);
      expect(LockHeldError.isInstance((blocked as Error).cause)).toBe(true);
      expect(await leftovers(env, stack)).toEqual([]);
    });

    it('runs under a lock the caller holds (the deploy lock), and leaves it held', async () => {
      const values = djangoEnv(env, await newDatabase());
      const events: MigratorEvent[] = [];
      const result = await migrate({
        remote,
        image,
        stack,
        env: values,
        credentials,
        lock: held,
        timeoutMs: 90_000,
        onEvent: (e) => events.push(e),
      });
      expect(result.applied).toContain('notes.0002_seed');
      expect(events.filter((e) => e.type.startsWith('lock_'))).toEqual([]);
      expect(held.state).toBe('held');
      await held.release();
      await expectCleanedUp(stack);
    });

    it("refuses another stack's lock as an option, before anything runs", async () => {
      const error = await expectRejection(
        migrate({ remote, image, stack: `${stack}-other`, lock: held }),
        { code: 'OPTIONS_INVALID', class: OptionsError },
      );
      expect(error).toMatchObject({ field: 'lock' });
    });

    it('takes over an expired lock (its holder died) and gives it back afterwards', async () => {
      await acquireStackLock({
        remote,
        stack,
        owner: 'crashed-run',
        ttlMs: 1,
        renewEveryMs: false,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const events: MigratorEvent[] = [];
      const result = await migrate({
        remote,
        image,
        stack,
        env: djangoEnv(env, await newDatabase()),
        credentials,
        timeoutMs: 90_000,
        onEvent: (e) => events.push(e),
      });
      expect(result.exitCode).toBe(0);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'lock_acquired', tookOverExpired: true, stack }),
      );
      expect(events).toContainEqual(expect.objectContaining({ type: 'lock_released', stack }));
      // Released: the next run gets the lock at once.
      const next = await acquireStackLock({ remote, stack, owner: 'ci-run-2' });
      await next.release();
    });
  });
});

/** Whether `address` (an IPv4 address, surrounding space ignored) lies in `cidr`. */
function ipv4InSubnet(address: string, cidr: string): boolean {
  const toNumber = (text: string) =>
    text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const [network = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const value = toNumber(address.trim());
  return (
    /^\d+\.\d+\.\d+\.\d+$/.test(address.trim()) &&
    Math.floor(value / size) === Math.floor(toNumber(network) / size)
  );
}
