import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connect,
  placeManualStackLock,
  type Remote,
  releaseManualStackLock,
} from '@swarmlift/remote';
import { recordDeploy } from '@swarmlift/swarm-deployer';
import {
  describeIntegration,
  dockerCli,
  dockerClient,
  type TestEnv,
  uniqueName,
  waitFor,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type CliResult,
  describeRun,
  jsonLines,
  runCli,
  startCli,
  summaryOf,
} from './support/cli.js';
import { cliEnv, type E2eTarget, e2eTarget } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import { cleanupTarget } from './support/stack.js';

/** How status describes a crashing service: no task up, or up between two crashes. */
const CRASHING = /^(0\/1 running|restarting: \d+ tasks? failed in the last minute)$/;

/**
 * A small stack of busybox services, deployed with `docker stack deploy`
 * (the status and logs commands only read): `app` prints a numbered line
 * with the run's SECRET_KEY every 0.3 s, `crasher` exits 3 until it is
 * fixed. The CLI reaches the engine over SSH as in CI.
 */
function compose(env: TestEnv, crasherFixed: boolean): string {
  const crasher = crasherFixed
    ? 'echo fixed; while true; do sleep 1; done'
    : 'echo "boom, about to exit 3"; exit 3';
  const service = (command: string, environment = '') => `
    image: ${env.IMAGE_BUSYBOX}
    command: ["sh", "-c", ${JSON.stringify(command)}]
    stop_grace_period: 1s${environment}
    deploy:
      replicas: 1
      restart_policy:
        delay: 1s
      update_config:
        monitor: 1s
        failure_action: continue`;
  return `version: "3.8"
services:
  app:${service(
    // $$: a shell variable, not one of the compose file.
    'i=0; while true; do i=$$((i+1)); echo "line $$i secret=$$SHOWN_SECRET"; sleep 0.3; done',
    `
    environment:
      SHOWN_SECRET: "\${SHOWN_SECRET}"`,
  )}
  crasher:${service(crasher)}
`;
}

/** The shape of `status --json`'s report (README "status --json"); the unit test pins every level. */
const REPORT_KEYS = [
  'format',
  'stack',
  'healthy',
  'services',
  'lock',
  'static',
  'staticHosts',
  'lastDeploy',
  'problems',
];
const SERVICE_KEYS = [
  'name',
  'fullName',
  'app',
  'mode',
  'image',
  'version',
  'digest',
  'running',
  'desired',
  'updateState',
  'updateMessage',
  'lastError',
  'ok',
  'problem',
];

interface ReportService {
  name: string;
  ok: boolean;
  running: number;
  desired: number;
  problem: string | null;
  app: boolean;
  lastError: { error: string; exitCode: number | null; node: string | null } | null;
}

describeIntegration('swarmlift status and logs: a real stack over SSH', (env) => {
  let target: E2eTarget;
  let baseEnv: Record<string, string>;
  let dir: string;
  let local: Remote;
  const runs: { result: CliResult; env: Record<string, string> }[] = [];

  const cli = async (args: string[], limitMs = 60_000): Promise<CliResult> => {
    const result = await runCli(args, { cwd: dir, env: baseEnv, limitMs });
    runs.push({ result, env: baseEnv });
    expectNoSecrets(result.output, baseEnv);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, baseEnv);
  const report = (result: CliResult) =>
    summaryOf(result.stdout)?.data as
      | { healthy: boolean; services: ReportService[]; lock: Record<string, unknown> | null }
      | undefined;

  const deploy = async (crasherFixed: boolean) => {
    const file = join(dir, 'docker-compose.yml');
    await writeFile(file, compose(env, crasherFixed));
    await dockerCli(env, ['stack', 'deploy', '--detach=true', '-c', file, target.name], {
      env: { SHOWN_SECRET: baseEnv.SECRET_KEY as string },
    });
  };
  /** Tasks of `service` in `state` the engine keeps. */
  const tasksIn = async (service: string, state: string) => {
    const tasks = await dockerClient(env).listTasks({
      filters: JSON.stringify({ service: [`${target.name}_${service}`] }),
    });
    return tasks.filter((task) => task.Status?.State === state);
  };

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('status'));
    dir = await mkdtemp(join(tmpdir(), 'sltest-status-'));
    baseEnv = await cliEnv(env, target, { APP_SERVICE: 'app' });
    local = await connect({ target: `unix://${env.DOCKER_SOCKET}` });
    await deploy(false);
    // Both services have been tried: app runs, crasher has failed at least once.
    await waitFor(
      'app running and crasher failed',
      async () =>
        (await tasksIn('app', 'running')).length > 0 &&
        (await tasksIn('crasher', 'failed')).length > 0
          ? true
          : undefined,
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    try {
      await local?.close();
      await cleanupTarget(env, target);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('status exits 1 while a service fails: its problem and last task error; the lock and last deploy are shown; the JSON keeps its shape', async () => {
    await placeManualStackLock({
      remote: local,
      stack: target.name,
      owner: 'e2e@status',
      message: 'status e2e maintenance',
    });
    await recordDeploy({
      remote: local,
      stack: target.name,
      record: {
        stack: target.name,
        kind: 'deploy',
        version: 'e2e0001',
        image: `${env.IMAGE_BUSYBOX}`,
        outcome: 'failed',
        performer: 'e2e@status',
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        finishedAt: new Date().toISOString(),
        durationMs: 60_000,
        services: [],
        removedServices: [],
        migrations: [],
        error: { code: 'CLI_DEPLOY_NOT_CONVERGED', message: 'crasher failed' },
      },
    });
    try {
      const json = await cli(['status', '--json']);
      expect(json.code, label(json)).toBe(1);
      // One JSON document on stdout: the summary, carrying the report.
      expect(jsonLines(json.stdout), label(json)).toHaveLength(1);
      const summary = summaryOf(json.stdout);
      expect(summary).toMatchObject({ command: 'status', status: 'failed', exitCode: 1 });
      expect(summary?.error).toMatchObject({ code: 'CLI_STACK_UNHEALTHY' });
      const body = report(json);
      expect(Object.keys(body ?? {})).toEqual(REPORT_KEYS);
      expect(body?.healthy).toBe(false);
      for (const service of body?.services ?? [])
        expect(Object.keys(service)).toEqual(SERVICE_KEYS);
      const byName = Object.fromEntries((body?.services ?? []).map((s) => [s.name, s]));
      expect(byName.app).toMatchObject({ ok: true, running: 1, desired: 1, app: true });
      // Between two crashes its task may run for a moment: then it is judged by the recent failure.
      expect(byName.crasher).toMatchObject({ ok: false, desired: 1, app: false });
      expect(byName.crasher?.problem).toMatch(CRASHING);
      expect(byName.crasher?.lastError?.error).toContain('non-zero exit (3)');
      expect(byName.crasher?.lastError?.exitCode).toBe(3);
      expect(body?.lock).toMatchObject({
        holder: 'e2e@status',
        manual: true,
        message: 'status e2e maintenance',
        expiresAt: null,
      });
      expect(summary?.data).toMatchObject({
        lastDeploy: { version: 'e2e0001', outcome: 'failed' },
        static: { layout: 'none', live: null },
        problems: [],
      });

      const plain = await cli(['status']);
      expect(plain.code, label(plain)).toBe(1);
      // The table is the command's output (stdout); the run's summary is on stderr.
      expect(plain.stdout).toMatch(
        /^1 of 2 services not as desired\nSERVICE +VERSION +DIGEST +TASKS +UPDATE\n/,
      );
      expect(plain.stdout).toMatch(/^app \* {2}.* 1\/1 /m);
      expect(plain.stdout).toMatch(/^crasher .* [01]\/1 ✗ /m);
      expect(plain.stdout).toMatch(new RegExp(`^ {4}✗ (${CRASHING.source.slice(1, -1)})`, 'm'));
      expect(plain.stdout).toMatch(/ {4}last error: task: non-zero exit \(3\) \(slot 1, on \S+, /);
      expect(plain.stdout).toContain('manual lock held by e2e@status');
      expect(plain.stdout).toContain('"status e2e maintenance"');
      expect(plain.stdout).toMatch(/last deploy +e2e0001 failed .* \[CLI_DEPLOY_NOT_CONVERGED\]/);
      expect(plain.stderr).toMatch(/status: failed/);
      expect(plain.stderr).toContain('CLI_STACK_UNHEALTHY');
    } finally {
      await releaseManualStackLock({ remote: local, stack: target.name });
    }
  }, 120_000);

  it('logs: the app service by default, each line prefixed by slot and node, the secret it prints redacted', async () => {
    const hostname = (await dockerClient(env).info()).Name as string;
    const result = await cli(['logs', '-n', '5']);
    expect(result.code, label(result)).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length, label(result)).toBe(5);
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^app\\.1@${hostname} +\\| line \\d+ secret=\\*\\*\\*$`));

    const withTask = await cli(['logs', 'app', '-n', '1', '--task']);
    expect(withTask.stdout.trim()).toMatch(
      new RegExp(`^app\\.1\\.[a-z0-9]{12}@${hostname} \\| line \\d+ secret=\\*\\*\\*$`),
    );

    const crasher = await cli(['logs', `${target.name}_crasher`, '--since', '10m']);
    expect(crasher.code, label(crasher)).toBe(0);
    expect(crasher.stdout).toMatch(/^crasher\.1@\S+ +\| boom, about to exit 3$/m);

    const json = await cli(['logs', '-n', '2', '--json']);
    expect(json.code, label(json)).toBe(0);
    const objects = jsonLines(json.stdout);
    const logs = objects.filter((o) => o.type === 'log');
    expect(logs).toHaveLength(2);
    for (const line of logs) {
      expect(Object.keys(line)).toEqual([
        'type',
        'service',
        'fullName',
        'taskId',
        'slot',
        'node',
        'nodeId',
        'stream',
        'time',
        'line',
      ]);
      expect(line).toMatchObject({ service: 'app', slot: 1, node: hostname, stream: 'stdout' });
      expect(String(line.line)).toMatch(/^line \d+ secret=\*\*\*$/);
    }
    expect(objects.at(-1)).toMatchObject({ type: 'summary', command: 'logs', exitCode: 0 });
  }, 120_000);

  it('logs of an unknown service exits 2 and names the services there are; a bad --since exits 2', async () => {
    const unknown = await cli(['logs', 'nope']);
    expect(unknown.code, label(unknown)).toBe(2);
    expect(unknown.stderr).toContain('CLI_SERVICE_NOT_FOUND');
    expect(unknown.stderr).toContain('(it has: app, crasher)');
    const since = await cli(['logs', '--since', 'yesterday']);
    expect(since.code, label(since)).toBe(2);
    expect(since.stderr).toContain('CLI_LOGS_OPTION_INVALID');
  }, 60_000);

  it('logs -f streams new lines as the app writes them and stops cleanly on Ctrl-C (exit 130)', async () => {
    const run = startCli(['logs', '-f', '-n', '1'], { cwd: dir, env: baseEnv, limitMs: 60_000 });
    const numbers = () =>
      [...run.stdout().matchAll(/\| line (\d+) secret=/g)].map((match) => Number(match[1]));
    // The last line before, then at least three written after the command started.
    await run.waitForOutput(() => numbers().length >= 4, 30_000);
    const seen = numbers();
    expect(seen.slice(1).every((n, i) => n > (seen[i] as number))).toBe(true);
    run.child.kill('SIGINT');
    const result = await run.done;
    runs.push({ result, env: baseEnv });
    expectNoSecrets(result.output, baseEnv);
    expect(result.code, label(result)).toBe(130);
    expect(result.stderr).toContain('logs: cancelled');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('Error:');
    expect(result.stdout).not.toContain(baseEnv.SECRET_KEY as string);
  }, 90_000);

  it('logs -f stops quietly (exit 0, no trace) when its reader closes stdout, as `| head` does', async () => {
    const run = startCli(['logs', '-f', '-n', '1'], { cwd: dir, env: baseEnv, limitMs: 60_000 });
    await run.waitForOutput(/\| line \d+ secret=/, 30_000);
    run.child.stdout?.destroy();
    const result = await run.done;
    runs.push({ result, env: baseEnv });
    expect(result.code, label(result)).toBe(0);
    expect(result.killedAfterLimit).toBe(false);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 90_000);

  it('status exits 0 once the failing service is fixed', async () => {
    await deploy(true);
    await waitFor(
      'crasher running',
      async () => ((await tasksIn('crasher', 'running')).length > 0 ? true : undefined),
      60_000,
    );
    // Swarm may still call the update in progress for its monitor period: ask until it settles.
    let result: CliResult | undefined;
    const deadline = Date.now() + 30_000;
    do {
      result = await cli(['status', '--json']);
      if (result.code === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } while (Date.now() < deadline);
    expect(result.code, label(result)).toBe(0);
    const body = report(result);
    expect(body?.healthy).toBe(true);
    expect(body?.services.every((service) => service.ok)).toBe(true);
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'ok', exitCode: 0 });
    const plain = await cli(['status']);
    expect(plain.code, label(plain)).toBe(0);
    expect(plain.stdout).toMatch(/^every service runs as desired\n/);
  }, 120_000);

  it('every run printed no secret', () => {
    expect(runs.length).toBeGreaterThan(8);
    for (const { result, env: runEnv } of runs) expectNoSecrets(result.output, runEnv);
  });
});
