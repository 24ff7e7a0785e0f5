import { CancelledError, ONE_OFF_LABEL } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  expectRejection,
  sshConnectOptions,
  waitFor,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, it } from 'vitest';
import {
  StackNotConvergedError,
  type StackWaitEvent,
  StackWaiterError,
  waitForStack,
} from '../src/index.js';
import { busyboxService, compose, createJob, stackDeploy, testStack } from './stacks.js';

describeIntegration('waitForStack against the real swarm', (env) => {
  let remote: Remote;
  const docker = dockerClient(env);

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
  });
  afterAll(async () => {
    await remote?.close();
  });

  it.concurrent('a healthy start-first update converges, reporting progress', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-ok');
    try {
      const web = (command: string) =>
        busyboxService(env, { command, replicas: 2, healthcheck: 'true', order: 'start-first' });
      const agent = busyboxService(env, { command: 'sleep 3600' }).replace(
        'replicas: 1',
        'mode: global',
      );
      await stackDeploy(env, stack, compose({ web: web('echo v1; sleep 3600'), agent }));
      const created = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(created).toMatchObject({ status: 'converged', ok: true, pending: [] });
      expect(created.services.find((s) => s.name === `${stack}_agent`)).toMatchObject({
        mode: 'global',
        outcome: 'converged',
        running: 1,
        desired: 1,
      });

      await stackDeploy(env, stack, compose({ web: web('echo v2; sleep 3600'), agent }));
      const events: StackWaitEvent[] = [];
      const result = await waitForStack({
        remote,
        stack,
        services: ['web'],
        timeoutMs: 60_000,
        onEvent: (event) => events.push(event),
      });
      expect(result.status).toBe('converged');
      expect(result.services).toEqual([
        expect.objectContaining({
          name: `${stack}_web`,
          mode: 'replicated',
          outcome: 'converged',
          running: 2,
          desired: 2,
          updateState: 'completed',
          failedTasks: [],
        }),
      ]);
      const types = new Set(events.map((event) => event.type));
      for (const type of ['watching', 'service_update', 'task_state', 'replicas', 'service_done'])
        expect(types).toContain(type);
      // The new spec's tasks really are the running ones.
      const tasks = await docker.listTasks({
        filters: { service: [`${stack}_web`], 'desired-state': ['running'] },
      });
      expect(tasks.map((t) => t.Spec?.ContainerSpec?.Args?.at(-1))).toEqual([
        'echo v2; sleep 3600',
        'echo v2; sleep 3600',
      ]);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a task that exits 1 under failure_action rollback → rolled_back with exit code and last log line', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-rb');
    try {
      const web = (command: string) =>
        busyboxService(env, {
          command,
          failureAction: 'rollback',
          monitor: '4s',
          healthcheck: 'true',
        });
      await stackDeploy(env, stack, compose({ web: web('sleep 3600') }));
      expect((await waitForStack({ remote, stack, timeoutMs: 60_000 })).status).toBe('converged');

      // stdout, stderr, stdout: Swarm's log broker sends a task's stdout and stderr as two runs.
      await stackDeploy(
        env,
        stack,
        compose({
          web: web(
            'echo starting; sleep 0.2; echo "fatal: cannot read config" >&2; sleep 0.2; echo giving up; exit 1',
          ),
        }),
      );
      const result = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(result).toMatchObject({ status: 'rolled_back', ok: false });
      const [web1] = result.services;
      expect(web1).toMatchObject({ outcome: 'rolled_back', updateState: 'rollback_completed' });
      expect(web1?.reason).toMatch(
        /^update rolled back after a task failed: task: non-zero exit \(1\)/,
      );
      const failed = web1?.failedTasks[0];
      expect(failed).toMatchObject({ state: 'failed', exitCode: 1, node: expect.any(String) });
      expect(failed?.error).toMatch(/non-zero exit \(1\)/);
      // In the order the task wrote them (a regression: they came stdout first).
      expect(failed?.logs).toEqual(['starting', 'fatal: cannot read config', 'giving up']);

      // The same rollback with rollbackIsSuccess: the status stays, the verdict is ok.
      const accepted = await waitForStack({
        remote,
        stack,
        timeoutMs: 30_000,
        rollbackIsSuccess: true,
      });
      expect(accepted).toMatchObject({ status: 'rolled_back', ok: true });

      // reject: true turns the same verdict into an error with the result on it.
      const rejected = await waitForStack({ remote, stack, timeoutMs: 30_000, reject: true }).catch(
        (error: unknown) => error,
      );
      expect(StackNotConvergedError.isInstance(rejected)).toBe(true);
      if (!StackNotConvergedError.isInstance(rejected)) return;
      expect(rejected.code).toBe('WAIT_NOT_CONVERGED');
      expect(rejected.result.status).toBe('rolled_back');
      expect(rejected.message).toMatch(
        /was rolled back: .*web rolled_back — task \S+: .*non-zero exit \(1\)/,
      );
    } finally {
      await cleanup();
    }
  });

  it.concurrent('failure_action pause → failed with the paused update message', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-pause');
    try {
      const web = (command: string) =>
        busyboxService(env, { command, failureAction: 'pause', monitor: '4s' });
      await stackDeploy(env, stack, compose({ web: web('sleep 3600') }));
      await waitForStack({ remote, stack, timeoutMs: 60_000 });
      await stackDeploy(env, stack, compose({ web: web('echo pausing-now; exit 3') }));
      const result = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(result.status).toBe('failed');
      const [web1] = result.services;
      expect(web1).toMatchObject({ outcome: 'failed', updateState: 'paused' });
      expect(web1?.reason).toMatch(/^update paused: update paused due to failure/);
      expect(web1?.failedTasks[0]).toMatchObject({ exitCode: 3, logs: ['pausing-now'] });
    } finally {
      await cleanup();
    }
  });

  it.concurrent('an image that does not exist → failed with the engine\'s "No such image" error', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-noimg');
    try {
      const image = `swarmlift-test/does-not-exist-${stack}:1`;
      await stackDeploy(
        env,
        stack,
        compose({ web: busyboxService(env, { command: 'true', image }) }),
      );
      const result = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(result.status).toBe('failed');
      const [web] = result.services;
      expect(web?.outcome).toBe('failed');
      expect(web?.failedTasks[0]?.state).toBe('rejected');
      expect(web?.failedTasks[0]?.error).toMatch(/No such image/);
      expect(web?.reason).toMatch(/task rejected: .*No such image/);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a healthcheck that never passes → failed with the health output', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-unhealthy');
    try {
      await stackDeploy(
        env,
        stack,
        compose({
          web: busyboxService(env, {
            command: 'sleep 3600',
            healthcheck: 'echo database unreachable; exit 1',
          }),
        }),
      );
      const result = await waitForStack({ remote, stack, timeoutMs: 90_000 });
      expect(result.status).toBe('failed');
      const [web] = result.services;
      expect(web?.reason).toMatch(/3 tasks failed/);
      expect(web?.failedTasks.length).toBeGreaterThanOrEqual(3);
      const withHealth = web?.failedTasks.find((task) => task.healthOutput);
      expect(withHealth?.healthOutput).toBe('database unreachable');
      expect(withHealth?.error).toMatch(/unhealthy/);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a replicated-job that succeeds → converged; one that exits 1 → failed', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-job', { jobs: true });
    try {
      const mode = { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 3 } };
      await createJob(env, stack, 'migrate', 'echo migrated', mode);
      const ok = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(ok.status).toBe('converged');
      expect(ok.services[0]).toMatchObject({
        mode: 'replicated-job',
        outcome: 'converged',
        running: 3,
        desired: 3,
      });

      await createJob(env, stack, 'broken', 'echo "relation does not exist"; exit 1', mode);
      const failed = await waitForStack({
        remote,
        stack,
        services: ['broken'],
        timeoutMs: 60_000,
      });
      expect(failed.status).toBe('failed');
      const [broken] = failed.services;
      expect(broken).toMatchObject({ name: `${stack}_broken`, outcome: 'failed' });
      expect(broken?.reason).toMatch(/^job task failed: task: non-zero exit \(1\)/);
      expect(broken?.failedTasks[0]).toMatchObject({
        exitCode: 1,
        logs: ['relation does not exist'],
      });
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a service left rollback_completed by an earlier deploy does not fail the next one', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-stale');
    try {
      const svc = (command: string) =>
        busyboxService(env, {
          command,
          failureAction: 'rollback',
          monitor: '4s',
          order: 'start-first',
        });
      await stackDeploy(env, stack, compose({ web: svc('sleep 3600'), worker: svc('sleep 3600') }));
      await waitForStack({ remote, stack, timeoutMs: 60_000 });
      // An earlier deploy whose worker update failed and was rolled back.
      await stackDeploy(env, stack, compose({ web: svc('sleep 3600'), worker: svc('exit 1') }));
      const earlier = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(earlier.status).toBe('rolled_back');

      // The new deploy touches only web (as swarm-deployer does for unchanged services).
      const worker = await docker.getService(`${stack}_worker`).inspect();
      expect(worker.UpdateStatus?.State).toBe('rollback_completed');
      const web = await docker.getService(`${stack}_web`).inspect();
      const spec = structuredClone(web.Spec);
      spec.TaskTemplate.ContainerSpec.Args = ['sh', '-c', 'echo v2; sleep 3600'];
      const updateStartedAt = new Date().toISOString();
      const since = (await docker.info()).SystemTime as string;
      await docker
        .getService(web.ID)
        .update({ _query: { version: web.Version.Index }, _body: spec });
      const after = await docker.getService(web.ID).inspect();
      const record = {
        stack,
        startedAt: updateStartedAt,
        finishedAt: new Date().toISOString(),
        removedServices: [],
        services: [
          {
            name: `${stack}_web`,
            id: web.ID,
            action: 'update' as const,
            versionBefore: web.Version.Index,
            versionAfter: after.Version.Index,
            forceUpdate: spec.TaskTemplate.ForceUpdate ?? 0,
            image: env.IMAGE_BUSYBOX,
            updateStartedAt,
          },
          {
            name: `${stack}_worker`,
            id: worker.ID,
            action: 'unchanged' as const,
            versionAfter: worker.Version.Index,
            forceUpdate: 0,
            image: env.IMAGE_BUSYBOX,
          },
        ],
      };
      const withRecord = await waitForStack({ remote, stack, record, timeoutMs: 60_000 });
      expect(withRecord.status).toBe('converged');
      expect(withRecord.services.map((s) => [s.name, s.outcome])).toEqual([
        [`${stack}_web`, 'converged'],
        [`${stack}_worker`, 'unchanged'],
      ]);
      // Without a record, `since` (engine clock) marks the old state as another deploy's…
      const withSince = await waitForStack({ remote, stack, since, timeoutMs: 60_000 });
      expect(withSince.status).toBe('converged');
      // …and with neither, the worker's state is taken as this deploy's.
      const bare = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(bare.status).toBe('rolled_back');
    } finally {
      await cleanup();
    }
  });

  it.concurrent("a record-less wait ignores the migrator's one-off job, even one labelled into the stack", async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-oneoff', { jobs: true });
    try {
      await stackDeploy(
        env,
        stack,
        compose({ web: busyboxService(env, { command: 'sleep 3600' }) }),
      );
      // A failing one-off job beside the stack, as an older migrator labelled it.
      await createJob(
        env,
        stack,
        'migrate_1a2b',
        'echo "no such table"; exit 1',
        {
          ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 },
        },
        { [ONE_OFF_LABEL]: stack },
      );
      const result = await waitForStack({ remote, stack, timeoutMs: 60_000 });
      expect(result.status).toBe('converged');
      expect(result.services.map((s) => s.name)).toEqual([`${stack}_web`]);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('an empty stack or an unknown service is an error, not a success', async () => {
    const { stack, cleanup } = testStack(env, 'wait-empty');
    try {
      await expectRejection(waitForStack({ remote, stack, timeoutMs: 10_000 }), {
        code: 'WAIT_STACK_EMPTY',
        class: StackWaiterError,
        message: stack,
      });

      await stackDeploy(
        env,
        stack,
        compose({ web: busyboxService(env, { command: 'sleep 3600' }) }),
      );
      await expectRejection(
        waitForStack({ remote, stack, services: ['web', 'api'], timeoutMs: 10_000 }),
        {
          code: 'WAIT_SERVICE_NOT_FOUND',
          class: StackWaiterError,
          message: /"api" is not a service of stack .* \(it has: .*_web\)/,
        },
      );
    } finally {
      await cleanup();
    }
  });

  it.concurrent('an engine that cannot be reached is WAIT_ENGINE_FAILED (category unreachable), never a raw remote error', async ({
    expect,
  }) => {
    const closed = await connect(sshConnectOptions(env));
    await closed.close();
    const error = await expectRejection(waitForStack({ remote: closed, stack: 'sltest-none' }), {
      code: 'WAIT_ENGINE_FAILED',
      class: StackWaiterError,
    });
    expect((error as StackWaiterError).category).toBe('unreachable');
    expect(error.cause).toBeDefined();
  });

  it.concurrent('a timeout reports timed_out and names the pending services', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-slow');
    try {
      // A healthcheck that first runs after 60 s keeps the task `starting`.
      const slow = busyboxService(env, { command: 'sleep 3600' }).replace(
        '    deploy:',
        '    healthcheck:\n      test: ["CMD-SHELL", "true"]\n      interval: 60s\n      start_period: 60s\n    deploy:',
      );
      const quick = busyboxService(env, { command: 'sleep 3600' });
      await stackDeploy(env, stack, compose({ slow, quick }));
      // So that only `slow` can be pending, however busy the machine.
      await waitForStack({ remote, stack, services: ['quick'], timeoutMs: 60_000 });
      const result = await waitForStack({ remote, stack, timeoutMs: 8_000 });
      expect(result).toMatchObject({ status: 'timed_out', ok: false, timeoutMs: 8_000 });
      expect(result.pending).toEqual([`${stack}_slow`]);
      const slowResult = result.services.find((s) => s.name === `${stack}_slow`);
      expect(slowResult).toMatchObject({ outcome: 'pending', running: 0, desired: 1 });
      expect(slowResult?.reason).toBe('0/1 tasks running');
      expect(result.durationMs).toBeGreaterThanOrEqual(8_000);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a lost event stream is reported and reopened, and the wait still ends', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-lost');
    try {
      const real = dockerClient(env);
      const streams: { destroy(): void }[] = [];
      const observed = new Proxy(real, {
        get(target, property) {
          if (property === 'getEvents')
            return async (options: object) => {
              const stream = (await target.getEvents(options)) as never;
              streams.push(stream);
              return stream;
            };
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await stackDeploy(
        env,
        stack,
        compose({ web: busyboxService(env, { command: 'sleep 3600' }) }),
      );
      const events: StackWaitEvent[] = [];
      const result = await waitForStack({
        remote: { docker: observed },
        stack,
        timeoutMs: 60_000,
        reconcileIntervalMs: 300,
        onEvent: (event) => {
          events.push(event);
          // Cut the engine's stream as soon as the wait has begun.
          if (event.type === 'watching') streams[0]?.destroy();
        },
      });
      expect(result.status).toBe('converged');
      expect(
        events.some((event) => event.type === 'warning' && event.code === 'WAIT_EVENT_STREAM_LOST'),
      ).toBe(true);
      expect(streams.length).toBeGreaterThanOrEqual(2);
    } finally {
      await cleanup();
    }
  });

  it.concurrent('a service removed during the wait fails it, naming the service', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-removed');
    try {
      const slow = busyboxService(env, { command: 'sleep 3600', healthcheck: 'sleep 30' });
      const quick = busyboxService(env, { command: 'sleep 3600' });
      await stackDeploy(env, stack, compose({ slow, quick }));
      const result = await waitForStack({
        remote,
        stack,
        timeoutMs: 60_000,
        onEvent: (event) => {
          if (event.type === 'replicas' && event.service === `${stack}_slow`)
            void docker
              .getService(`${stack}_slow`)
              .remove()
              .catch(() => {});
        },
      });
      expect(result.status).toBe('failed');
      expect(result.services.find((s) => s.name === `${stack}_slow`)).toMatchObject({
        outcome: 'failed',
        reason: 'the service was removed during the wait',
      });
    } finally {
      await cleanup();
    }
  });

  it.concurrent('cancellation through the signal rejects and closes the event stream', async ({
    expect,
  }) => {
    const { stack, cleanup } = testStack(env, 'wait-cancel');
    try {
      const slow = busyboxService(env, { command: 'sleep 3600', healthcheck: 'sleep 30' });
      await stackDeploy(env, stack, compose({ web: slow }));
      // The engine's own /events stream, observed on its way into waitForStack.
      const real = dockerClient(env);
      let eventStream: { destroyed: boolean } | undefined;
      const observed = new Proxy(real, {
        get(target, property) {
          if (property === 'getEvents')
            return async (options: object) => {
              eventStream = (await target.getEvents(options)) as never;
              return eventStream;
            };
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const controller = new AbortController();
      const events: StackWaitEvent[] = [];
      const waiting = expectRejection(
        waitForStack({
          remote: { docker: observed },
          stack,
          timeoutMs: 60_000,
          signal: controller.signal,
          onEvent: (event) => events.push(event),
        }),
        { code: 'CANCELLED', class: CancelledError, message: stack },
      );
      await waitFor('the wait to start', async () =>
        events.some((e) => e.type === 'replicas') ? true : undefined,
      );
      expect(eventStream?.destroyed).toBe(false);
      controller.abort();
      await waiting;
      expect(eventStream?.destroyed).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
