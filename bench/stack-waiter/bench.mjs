// Detection latency of @swarmlift/stack-waiter: from the swarm reaching its final state
// (the engine's own event timestamp, timeNano) to waitForStack returning, for a successful
// update and for an automatic rollback — against the guide's wait loop (sleep 30 s, then
// poll every 5 s), which follows the very same deploys in the same run.
// Run `pnpm --filter @swarmlift/core build && pnpm --filter @swarmlift/remote build &&
// pnpm --filter @swarmlift/stack-waiter build` first; needs the test environment (bash scripts/testenv/up.sh): engine, sshd, busybox image.
import { join } from 'node:path';
import { loadPackage, loadTestEnv, root } from '../lib/bench-setup.mjs';

const { Docker, api } = await loadPackage('stack-waiter');
const { waitForStack } = api;
const { connect } = await import(join(root, 'packages', 'remote', 'dist', 'index.js'));
const { STACK_NAMESPACE_LABEL, stackFilter } = await import(
  join(root, 'packages', 'core', 'dist', 'index.js')
);
const env = loadTestEnv();
const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = flag('--runs', 5);
// The guide's loop; --sleep shortens its first sleep (reported with the figures).
const GUIDE_SLEEP_MS = flag('--sleep', 30) * 1000;
const GUIDE_POLL_MS = 5_000;

const docker = new Docker({ socketPath: env.DOCKER_SOCKET });
const remote = await connect({
  target: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
  privateKeyPath: env.SSH_KEY_PATH,
  hostKey: { knownHostsFile: env.SSH_KNOWN_HOSTS_PATH },
});
const suffix = Math.random().toString(16).slice(2, 8);
const now = () => performance.timeOrigin + performance.now(); // wall clock, sub-ms
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A one-service stack: 2 busybox replicas, healthcheck, start-first, 1 s monitor, rollback on failure. */
async function createStack(stack) {
  const { id } = await docker.createService({
    Name: `${stack}_web`,
    Labels: { [STACK_NAMESPACE_LABEL]: stack },
    TaskTemplate: {
      ContainerSpec: {
        Image: env.IMAGE_BUSYBOX,
        Args: ['sh', '-c', 'echo v0; sleep 3600'],
        Labels: { [STACK_NAMESPACE_LABEL]: stack },
        StopGracePeriod: 1e9,
        Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: 1e9, Retries: 1 },
      },
      RestartPolicy: { Condition: 'any', Delay: 1e9 },
    },
    Mode: { Replicated: { Replicas: 2 } },
    UpdateConfig: { Parallelism: 1, Order: 'start-first', Monitor: 1e9, FailureAction: 'rollback' },
    RollbackConfig: { Parallelism: 1, Order: 'start-first', Monitor: 1e9 },
  });
  const ready = await waitForStack({ remote, stack, timeoutMs: 120_000 });
  if (ready.status !== 'converged') throw new Error(`${stack} did not start: ${ready.status}`);
  return id;
}

async function updateArgs(id, command) {
  const service = docker.getService(id);
  const info = await service.inspect();
  const spec = info.Spec;
  spec.TaskTemplate.ContainerSpec.Args = ['sh', '-c', command];
  await service.update({ _query: { version: info.Version.Index }, _body: spec });
}

/** The guide's wait: sleep, then every 5 s read each service's update state and replicas. */
async function guideLoop(stack) {
  await sleep(GUIDE_SLEEP_MS);
  for (;;) {
    let done = true;
    for (const s of await docker.listServices({ filters: stackFilter(stack) })) {
      const state = s.UpdateStatus?.State;
      if (state === 'updating' || state === 'rollback_started') done = false;
      const running = await docker.listTasks({
        filters: { service: [s.ID], 'desired-state': ['running'] },
      });
      const up = running.filter((t) => t.Status?.State === 'running').length;
      if (up !== (s.Spec.Mode?.Replicated?.Replicas ?? up)) done = false;
    }
    if (done) return now();
    await sleep(GUIDE_POLL_MS);
  }
}

/** Nanoseconds of an RFC 3339 time with up to 9 fractional digits. */
function toNanos(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!m) throw new Error(`unexpected time ${text}`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** One deploy followed by both waits; returns the two latencies in ms. */
async function measure(kind, stack, id, run) {
  const events = [];
  const stream = await docker.getEvents({ filters: { type: ['service'], service: [id] } });
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (!line.trim()) continue;
      // timeNano exceeds a double's precision: read its digits as a BigInt.
      const nanos = /"timeNano":(\d+)/.exec(line)?.[1];
      events.push({ ...JSON.parse(line), timeNano: BigInt(nanos ?? 0) });
    }
  });
  await sleep(50); // the engine has the subscription before the update
  await updateArgs(
    id,
    kind === 'success' ? `echo v${run}; sleep 3600` : `echo "fatal: bad config ${run}" >&2; exit 1`,
  );
  const [ours, guide] = await Promise.all([
    waitForStack({ remote, stack, timeoutMs: 120_000 }).then((result) => ({ result, at: now() })),
    guideLoop(stack),
  ]);
  const want = kind === 'success' ? 'converged' : 'rolled_back';
  if (ours.result.status !== want) throw new Error(`${kind} run ${run}: ${ours.result.status}`);
  const status = (await docker.getService(id).inspect()).UpdateStatus;
  const completedNs = toNanos(status.CompletedAt);
  const final = events.find((e) => e.Type === 'service' && e.timeNano >= completedNs);
  stream.destroy();
  const finalMs = Number((final?.timeNano ?? completedNs) / 1000n) / 1000;
  return { ours: ours.at - finalMs, guide: guide - finalMs, fromEvent: final !== undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

const stacks = { success: `sltest-bench-ok-${suffix}`, rollback: `sltest-bench-rb-${suffix}` };
const ids = {};
const results = { success: [], rollback: [] };
try {
  [ids.success, ids.rollback] = await Promise.all([
    createStack(stacks.success),
    createStack(stacks.rollback),
  ]);
  for (let run = 1; run <= RUNS; run++) {
    // Both kinds side by side; each run's deploys are followed by both waits.
    const [ok, rb] = await Promise.all([
      measure('success', stacks.success, ids.success, run),
      measure('rollback', stacks.rollback, ids.rollback, run),
    ]);
    results.success.push(ok);
    results.rollback.push(rb);
    console.log(
      `run ${run}: success ours ${fmt(ok.ours)} guide ${fmt(ok.guide)} | rollback ours ${fmt(rb.ours)} guide ${fmt(rb.guide)}`,
    );
  }
} finally {
  for (const id of Object.values(ids))
    await docker
      .getService(id)
      .remove()
      .catch((error) => console.error(`could not remove service ${id}: ${error.message}`));
  await remote.close();
}

console.log(
  `\nDetection latency, final state (engine event timeNano) → wait returns; ${RUNS} runs; ` +
    `guide loop: sleep ${GUIDE_SLEEP_MS / 1000} s, then poll every ${GUIDE_POLL_MS / 1000} s`,
);
console.log(
  '| deploy   | waitForStack median | max | guide loop median | max | guide / ours (median) | target (≤ 1 s, median ≤ 250 ms) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const kind of ['success', 'rollback']) {
  const ours = results[kind].map((r) => r.ours);
  const guide = results[kind].map((r) => r.guide);
  const met = Math.max(...ours) <= 1000 && median(ours) <= 250;
  console.log(
    `| ${kind} | ${fmt(median(ours))} | ${fmt(Math.max(...ours))} | ${fmt(median(guide))} | ${fmt(Math.max(...guide))} | ${(median(guide) / median(ours)).toFixed(0)}× | ${met ? 'met' : 'NOT met'} |`,
  );
}
const fallbacks = [...results.success, ...results.rollback].filter((r) => !r.fromEvent).length;
if (fallbacks)
  console.log(`(${fallbacks} runs used UpdateStatus.CompletedAt: no service event at or after it)`);
