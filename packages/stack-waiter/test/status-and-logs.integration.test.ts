import { CancelledError, ONE_OFF_LABEL } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, dockerClient, sshConnectOptions, waitFor } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readStackStatus, type ServiceLogLine, streamServiceLogs } from '../src/index.js';
import { busyboxService, compose, createJob, stackDeploy, testStack } from './stacks.js';

describeIntegration(
  'readStackStatus and streamServiceLogs against the real swarm, over SSH',
  (env) => {
    let remote: Remote;
    const docker = dockerClient(env);
    const { stack, cleanup } = testStack(env, 'status-pkg', { jobs: true });

    beforeAll(async () => {
      remote = await connect(sshConnectOptions(env));
      const agent = busyboxService(env, { command: 'sleep 3600' }).replace(
        'replicas: 1',
        'mode: global',
      );
      await stackDeploy(
        env,
        stack,
        compose({
          web: busyboxService(env, {
            command:
              'i=0; while true; do i=$$((i+1)); echo "out $$i"; echo "err $$i" >&2; sleep 0.2; done',
            replicas: 2,
          }),
          agent,
          crash: busyboxService(env, { command: 'echo dying; exit 7' }),
        }),
      );
      // A one-off job (the migrator's kind) is never part of the stack's status.
      await createJob(
        env,
        stack,
        'migrate_1',
        'true',
        { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
        {
          [ONE_OFF_LABEL]: stack,
        },
      );
      await waitFor(
        'web and agent running, crash failed once',
        async () => {
          const tasks = await docker.listTasks({
            filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
          });
          const running = (name: string) =>
            tasks.filter(
              (t) =>
                t.Status?.State === 'running' && t.ServiceID === services.get(`${stack}_${name}`),
            ).length;
          const services = new Map(
            (await docker.listServices()).map((s) => [s.Spec?.Name ?? '', s.ID] as const),
          );
          const crashed = tasks.some(
            (t) => t.ServiceID === services.get(`${stack}_crash`) && t.Status?.State === 'failed',
          );
          return running('web') === 2 && running('agent') === 1 && crashed ? true : undefined;
        },
        60_000,
      );
    }, 120_000);

    afterAll(async () => {
      await remote?.close();
      await cleanup();
    }, 60_000);

    it('counts replicated slots and global nodes, names the failing service and its error, leaves the one-off job out', async () => {
      const status = await readStackStatus({ remote, stack });
      expect(status.ok).toBe(false);
      expect(status.services.map((s) => s.name)).toEqual([
        `${stack}_agent`,
        `${stack}_crash`,
        `${stack}_web`,
      ]);
      const [agent, crash, web] = status.services;
      expect(web).toMatchObject({ mode: 'replicated', running: 2, desired: 2, ok: true });
      expect(agent).toMatchObject({ mode: 'global', running: 1, desired: 1, ok: true });
      // A crash loop is read between two crashes (its slot running: judged restarting) or in one.
      expect(crash).toMatchObject(
        crash?.running === 0
          ? { running: 0, desired: 1, ok: false, problem: '0/1 running' }
          : {
              running: 1,
              desired: 1,
              ok: false,
              problem: expect.stringMatching(
                /^restarting: [1-9]\d* tasks? failed in the last minute$/,
              ),
            },
      );
      expect(crash?.lastError).toMatchObject({ state: 'failed', exitCode: 7, slot: 1 });
      expect(crash?.lastError?.error).toContain('non-zero exit (7)');
      expect(crash?.lastError?.node).toBeTruthy();
      expect(web?.image).toBe(env.IMAGE_BUSYBOX);
      expect(web?.version).toBe('latest');
    });

    it('an unknown stack has no services and is not ok', async () => {
      expect(await readStackStatus({ remote, stack: `${stack}-none` })).toEqual({
        stack: `${stack}-none`,
        services: [],
        ok: false,
      });
    });

    it('reads the last lines of each task, slot and node per line, stdout and stderr in the order written', async () => {
      // A task that started last may not have written 4 lines yet: read again until both have.
      const read = async () => {
        const lines: ServiceLogLine[] = [];
        const result = await streamServiceLogs({
          remote,
          stack,
          service: 'web',
          tail: 4,
          onLine: (line) => lines.push(line),
        });
        return { result, lines };
      };
      const { result, lines } = await waitFor(
        'both web tasks to have written 4 lines',
        async () => {
          const attempt = await read();
          return attempt.result.lines >= 8 ? attempt : undefined;
        },
        20_000,
      );
      expect(result).toEqual({ service: `${stack}_web`, lines: 8 });
      expect(new Set(lines.map((l) => l.slot))).toEqual(new Set([1, 2]));
      expect(new Set(lines.map((l) => l.stream))).toEqual(new Set(['stdout', 'stderr']));
      for (const line of lines) {
        expect(line.text).toMatch(/^(out|err) \d+$/);
        expect(line.node).toBeTruthy();
        expect(line.taskId).toBeTruthy();
      }
      // Per task, in time order: each "out N" comes before "err N".
      for (const slot of [1, 2]) {
        const times = lines.filter((l) => l.slot === slot).map((l) => l.time ?? '');
        expect(times).toEqual([...times].sort());
      }
    });

    it('follows new lines until the signal, then closes the stream with CancelledError', async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      const following = streamServiceLogs({
        remote,
        stack,
        service: `${stack}_web`,
        tail: 0,
        follow: true,
        signal: controller.signal,
        onLine: (line) => {
          seen.push(line.text);
          if (seen.length >= 6) controller.abort();
        },
      });
      await expect(following).rejects.toSatisfy((error) => CancelledError.isInstance(error));
      expect(seen.length).toBeGreaterThanOrEqual(6);
      // Each line once, as written: the counter of one task only grows.
      const outs = seen
        .filter((text) => text.startsWith('out '))
        .map((text) => Number(text.slice(4)));
      expect(outs.length).toBeGreaterThan(0);
    });

    it('a service that is not the stack’s is WAIT_SERVICE_NOT_FOUND, listing the services there are', async () => {
      await expect(
        streamServiceLogs({ remote, stack, service: 'migrate_1', onLine: () => {} }),
      ).rejects.toMatchObject({
        code: 'WAIT_SERVICE_NOT_FOUND',
        message: `"migrate_1" is not a service of stack "${stack}" (it has: agent, crash, web).`,
      });
    });
  },
);
