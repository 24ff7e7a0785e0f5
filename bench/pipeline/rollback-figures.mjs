// Issue 15's figures: `swarmlift rollback` to the previous version against the guide's way of
// going back (re-running the old commit's whole workflow), both timed from the command's start
// until the command has ended and `/` (through the stack's edge proxy) serves the old version;
// and the wall time of `swarmlift status` and `swarmlift history` over SSH.
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  askVersion,
  cleanUp,
  deploy,
  docker,
  guideScript,
  hex,
  imageOf,
  makeTarget,
  median,
  runCommand,
  sec,
  settle,
  sleep,
  state,
  stepTimes,
  verify,
} from './harness.mjs';
import { servedSince } from './served-since.mjs';

/** How often `/` is asked during a timed step, and how long the old version must hold after it. */
const POLL_MS = 100;
const HOLD_MS = 2000;

/**
 * Runs a command and asks `/` for its version every POLL_MS from the moment it starts. Resolves
 * once the command has ended and `/` has answered `version` (and nothing else) for HOLD_MS:
 * `exitMs` (process start to exit), `servedMs` (from the start until `/` answered only `version`),
 * `firstMs` (its first answer of `version`), `doneMs` (the later of exit and served).
 */
async function timeUntilServed(target, command, version) {
  const observations = [];
  const t0Wall = Date.now();
  const t0 = performance.now();
  let exitMs;
  let failed;
  const run = runCommand(target, command).then(
    (result) => {
      exitMs = result.started + result.ms - t0;
      return result;
    },
    (error) => {
      failed = error;
    },
  );
  for (;;) {
    const answer = await askVersion(target, 2000);
    const t = performance.now() - t0;
    observations.push({ t, version: answer.version });
    if (failed) throw failed;
    if (exitMs !== undefined) {
      const { since, heldMs } = servedSince(observations, version);
      if (since !== undefined && heldMs >= HOLD_MS) break;
      if (t > exitMs + 60_000)
        throw new Error(
          `${command.label}: ${target.side}'s stack does not serve ${version} 60 s after the command ended (last: ${answer.version ?? answer.error})`,
        );
    }
    await sleep(POLL_MS);
  }
  const { output } = await run;
  const { first, since } = servedSince(observations, version);
  let swarm = {};
  try {
    swarm = swarmTimeline(target, t0Wall);
  } catch (error) {
    console.log(`(no Swarm timeline for ${target.stack}: ${error.message ?? error})`);
  }
  return {
    exitMs,
    servedMs: since,
    firstMs: first,
    doneMs: Math.max(exitMs, since),
    output,
    swarm,
  };
}

const inspect = (...ids) => JSON.parse(docker('inspect', ...ids));

/**
 * What Swarm did for the app service during a timed step, in ms from its start (Swarm's own
 * timestamps; same clock): the update's start and end, the new task's container start and the
 * moment Swarm called it running (its first healthy check), the old task's shutdown.
 */
function swarmTimeline(target, t0Wall) {
  const service = `${target.stack}_django`;
  const at = (iso) => (iso && !iso.startsWith('0001') ? Date.parse(iso) - t0Wall : undefined);
  const [info] = JSON.parse(docker('service', 'inspect', service));
  const tasks = (state) =>
    docker('service', 'ps', '-q', '--no-trunc', '--filter', `desired-state=${state}`, service)
      .split('\n')
      .filter(Boolean);
  const [task] = inspect(...tasks('running'));
  const [container] = inspect(task.Status.ContainerStatus.ContainerID);
  const stopped = tasks('shutdown').length
    ? inspect(...tasks('shutdown'))
        .map((t) => at(t.Status.Timestamp))
        .filter((t) => t > 0)
    : [];
  return {
    updateStarted: at(info.UpdateStatus?.StartedAt),
    containerStarted: at(container.State.StartedAt),
    taskRunning: at(task.Status.Timestamp),
    oldStopped: stopped.length ? Math.max(...stopped) : undefined,
    updateCompleted: at(info.UpdateStatus?.CompletedAt),
  };
}

/** A second checkout of the target: its source with one line changed and one static file added. */
function checkoutV2(target, sha2) {
  const dir = `${target.dir}-v2`;
  cpSync(target.dir, dir, { recursive: true });
  appendFileSync(
    join(dir, 'app', 'config', 'settings.py'),
    `BENCH_CHANGE = "${sha2.slice(0, 7)}"\n`,
  );
  // Only in v2: after going back to v1 it is gone from swarmlift's live release (the guide's
  // `tar --overwrite` upload leaves it in place).
  const v2File = `hits/bench-${sha2.slice(0, 7)}.txt`;
  writeFileSync(join(dir, 'app', 'hits', 'static', v2File), 'v2\n');
  target.dirs.push(dir);
  return { v2Dir: dir, v2File };
}

const staticStatus = async (target, file) =>
  (
    await fetch(`http://127.0.0.1:${target.port}/static/${file}`).then(async (r) => {
      await r.arrayBuffer();
      return r;
    })
  ).status;

/**
 * Per round: both sides deploy v1 then v2 their own way (not timed; the guide's set-up deploys
 * skip its `sleep 30`, its wait loop still waits), both stacks settle, then — who goes first
 * alternates — `swarmlift rollback` and the guide's re-run of v1's workflow are timed. Then
 * `swarmlift status` and `swarmlift history` against the swarmlift stack (v1, v2 and the rollback
 * on record), `statusRuns` times each, interleaved.
 */
export async function rollbackFigures({ runs, sides, cli, statusRuns, figures }) {
  const result = {
    sides,
    timed: { guide: [], swarmlift: [] },
    byStep: { guide: {}, swarmlift: {} },
    v2FileAfter: { guide: [], swarmlift: [] },
    ops: { status: [], history: [] },
    errors: [],
  };
  const timeRollback = figures.includes('rollback');
  const timeOps = figures.includes('status') && sides.includes('swarmlift');
  const rounds = timeRollback ? sides : ['swarmlift'];
  for (let round = 0; round < runs && !state.interrupted; round++) {
    const targets = [];
    try {
      for (const side of rounds) targets.push(await makeTarget(`rb${round}`, side));
      for (const target of targets) {
        target.sha1 = hex(40);
        target.sha2 = hex(40);
        Object.assign(target, checkoutV2(target, target.sha2));
        target.images.push(imageOf(target, target.sha1), imageOf(target, target.sha2));
      }
      // Set-up, not timed. The guide's set-up deploys skip its `sleep 30` (SETTLE_SLEEP=0).
      const setupEnv = { SETTLE_SLEEP: '0' };
      for (const [sha, version] of [
        ['sha1', 'v1'],
        ['sha2', 'v2'],
      ])
        for (const target of targets) {
          const cwd = version === 'v1' ? target.dir : target.v2Dir;
          await deploy(target, target[sha], `round ${round + 1} set-up ${version}`, {
            cli,
            cwd,
            extraEnv: setupEnv,
          });
          await verify(target, target[sha], `round ${round + 1} set-up ${version}`);
        }
      for (const target of targets) await settle(target);
      console.log(
        `round ${round + 1} set-up: ${targets.map((t) => `${t.side} serves ${t.sha2.slice(0, 7)} (was ${t.sha1.slice(0, 7)})`).join(', ')}`,
      );

      if (timeRollback) {
        const order = round % 2 ? [...targets].reverse() : targets;
        for (const target of order) {
          const label = `round ${round + 1} back to v1`;
          const command =
            target.side === 'guide'
              ? // The old commit's whole workflow again, from its checkout, `sleep 30` included.
                { command: 'bash', args: [guideScript], cwd: target.dir, sha: target.sha1, label }
              : // The rollback job runs on the current checkout (v2's), as a CI job would.
                {
                  command: process.execPath,
                  args: [cli, 'rollback'],
                  cwd: target.v2Dir,
                  sha: target.sha2,
                  label,
                };
          try {
            const timing = await timeUntilServed(target, command, target.sha1.slice(0, 7));
            result.timed[target.side].push(timing);
            for (const [name, ms] of stepTimes(target.side, timing.output)) {
              result.byStep[target.side][name] ??= [];
              result.byStep[target.side][name].push(ms);
            }
            await verify(target, target.sha1, label);
            const v2Status = await staticStatus(target, target.v2File);
            result.v2FileAfter[target.side].push(v2Status);
            console.log(
              `${label} ${target.side.padEnd(9)} done ${sec(timing.doneMs).padStart(7)} (exit ${sec(timing.exitMs)}, / first answered v1 at ${sec(timing.firstMs)}, only v1 from ${sec(timing.servedMs)}; v2's static file now ${v2Status})`,
            );
          } catch (error) {
            result.errors.push(String(error.message ?? error));
            console.log(`${label} ${target.side}: failed: ${error.message ?? error}`);
            if (state.interrupted) throw error;
          }
        }
      }

      const sw = targets.find((t) => t.side === 'swarmlift');
      if (timeOps && sw) {
        await settle(sw).catch(() => {});
        for (let i = 0; i < statusRuns && !state.interrupted; i++)
          for (const name of ['status', 'history']) {
            try {
              const { ms, code } = await runCommand(sw, {
                command: process.execPath,
                args: [cli, name],
                cwd: sw.v2Dir,
                sha: sw.sha2,
                label: `round ${round + 1} ${name} ${i + 1}`,
                okCodes: [0, 1],
              });
              result.ops[name].push({ ms, code });
            } catch (error) {
              result.errors.push(String(error.message ?? error));
              console.log(`${name}: failed: ${error.message ?? error}`);
              break;
            }
          }
        const line = (name) =>
          result.ops[name].length
            ? `${name} ${result.ops[name]
                .slice(-statusRuns)
                .map((o) => `${(o.ms / 1000).toFixed(2)}${o.code ? `(exit ${o.code})` : ''}`)
                .join(' ')} s`
            : `${name} —`;
        console.log(`round ${round + 1} ${line('status')}; ${line('history')}`);
      }
    } finally {
      for (const target of targets) await cleanUp(target);
    }
  }
  return result;
}

/** The tables of the rollback figures, in Markdown. */
export function printRollbackFigures(result, { statusRuns, figures }) {
  const { timed, byStep, ops } = result;
  const m = (list, key) => (list.length ? median(list.map((x) => x[key])) : undefined);
  if (figures.includes('rollback')) {
    const rounds = Math.min(...result.sides.map((s) => timed[s].length));
    console.log(
      `\nback to the previous version, medians of ${rounds} round(s) (guide: its v1 workflow re-run; swarmlift: \`swarmlift rollback\`):\n`,
    );
    console.log(
      '| from the command’s start until | guide re-run of v1 | swarmlift rollback | ratio | target |',
    );
    console.log('| --- | ---: | ---: | ---: | --- |');
    for (const [key, what, target] of [
      ['doneMs', 'it has ended and `/` serves v1 (the figure)', 0.2],
      ['exitMs', 'it has ended'],
      ['servedMs', '`/` answers only v1'],
      ['firstMs', '`/` first answers v1'],
    ]) {
      const guide = m(timed.guide, key);
      const ours = m(timed.swarmlift, key);
      const ratio = guide && ours !== undefined ? ours / guide : undefined;
      const met = target && ratio !== undefined ? (ratio <= target ? ' ✓' : ' ✗') : '';
      console.log(
        `| ${what} | ${guide !== undefined ? sec(guide) : '—'} | ${ours !== undefined ? sec(ours) : '—'} | ${ratio !== undefined ? `${ratio.toFixed(2)}×` : '—'} | ${target ? `≤ ${target}× of the guide${met}` : ''} |`,
      );
    }
    for (const side of result.sides) {
      if (!timed[side].length) continue;
      console.log(
        `\n${side === 'guide' ? 'guide re-run of v1' : 'swarmlift rollback'}: single rounds (done / exit / only v1 from / first v1): ${timed[side].map((t) => [t.doneMs, t.exitMs, t.servedMs, t.firstMs].map((x) => (x / 1000).toFixed(1)).join('/')).join(', ')} s; v2's static file afterwards: ${result.v2FileAfter[side].join(', ')}`,
      );
      const swarmKeys = [
        ['updateStarted', 'update started'],
        ['containerStarted', 'new container started'],
        ['taskRunning', 'new task running (healthy)'],
        ['oldStopped', 'old task shut down'],
        ['updateCompleted', 'update completed'],
      ];
      const swarmMedians = swarmKeys
        .map(([key, what]) => {
          const values = timed[side].map((t) => t.swarm?.[key]).filter((v) => v !== undefined);
          return values.length ? `${what} ${sec(median(values))}` : undefined;
        })
        .filter(Boolean);
      if (swarmMedians.length)
        console.log(`Swarm, from the start (medians): ${swarmMedians.join(', ')}`);
      const names = Object.keys(byStep[side]);
      if (names.length)
        console.log(
          `by step (medians): ${names.map((n) => `${n} ${median(byStep[side][n]).toFixed(0)} ms`).join(', ')}`,
        );
    }
  }
  if (figures.includes('status')) {
    console.log(
      `\nover SSH against the swarmlift stack (${figures.includes('rollback') ? 'v1, v2 and the rollback' : 'v1 and v2'} on record), ${statusRuns} interleaved runs per round, process start to exit:\n`,
    );
    console.log('| command | median | min | max | runs | exit codes | target |');
    console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const name of ['status', 'history']) {
      const list = ops[name];
      if (!list.length) {
        console.log(`| \`swarmlift ${name}\` | — | — | — | 0 | | ≤ 1 s |`);
        continue;
      }
      const times = list.map((o) => o.ms);
      const med = median(times);
      console.log(
        `| \`swarmlift ${name}\` | ${(med / 1000).toFixed(2)} s | ${(Math.min(...times) / 1000).toFixed(2)} s | ${(Math.max(...times) / 1000).toFixed(2)} s | ${list.length} | ${[...new Set(list.map((o) => o.code))].join(', ')} | ≤ 1 s ${med <= 1000 ? '✓' : '✗'} |`,
      );
    }
  }
  if (result.errors.length) console.log(`\nfailed steps:\n${result.errors.join('\n')}`);
}
