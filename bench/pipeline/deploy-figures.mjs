// Issue 14's figures: the guide's deploy job (guide-deploy.sh) against `swarmlift deploy`,
// interleaved: first deploy, no-change redeploy, one-line code change; and the start-up of
// `swarmlift --help` against a bare `node -e 0`.

import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanUp,
  deploy,
  hex,
  imageOf,
  makeTarget,
  median,
  sec,
  state,
  stepTimes,
  verify,
} from './harness.mjs';

const steps = ['first deploy', 'no-change redeploy', 'one-line change'];

/** Runs the deploy figures; returns what `printDeployFigures` prints. Throws on a failed deploy. */
export async function deployFigures({ runs, sides, cli }) {
  const times = Object.fromEntries(
    steps.map((s) => [s, Object.fromEntries(sides.map((x) => [x, []]))]),
  );
  const byStep = Object.fromEntries(
    sides.map((side) => [side, Object.fromEntries(steps.map((s) => [s, {}]))]),
  );
  const result = { sides, times, byStep };
  for (let run = 0; run < runs && !state.interrupted; run++) {
    const targets = [];
    try {
      for (const side of sides) targets.push(await makeTarget(run, side));
      const shaFirst = Object.fromEntries(targets.map((t) => [t.side, hex(40)]));
      for (const [stepIndex, step] of steps.entries()) {
        // Who goes first alternates with every step and every run.
        const order = (run + stepIndex) % 2 ? [...targets].reverse() : targets;
        for (const target of order) {
          let sha = shaFirst[target.side];
          if (step === 'one-line change') {
            sha = hex(40);
            appendFileSync(
              join(target.dir, 'app', 'config', 'settings.py'),
              `BENCH_CHANGE = "${sha.slice(0, 7)}"\n`,
            );
          }
          target.images.push(imageOf(target, sha));
          const { ms, output } = await deploy(target, sha, `run ${run + 1} ${step}`, { cli });
          times[step][target.side].push(ms);
          for (const [name, stepMs] of stepTimes(target.side, output)) {
            byStep[target.side][step][name] ??= [];
            byStep[target.side][step][name].push(stepMs);
          }
          const served = await verify(target, sha, `run ${run + 1} ${step}`);
          console.log(
            `run ${run + 1} ${step.padEnd(18)} ${target.side.padEnd(9)} ${sec(ms).padStart(7)}  ${served}`,
          );
        }
      }
    } finally {
      for (const target of targets) await cleanUp(target);
    }
  }
  return result;
}

/** The tables of the deploy figures, in Markdown. */
export function printDeployFigures({ sides, times, byStep }) {
  const haveCli = sides.includes('swarmlift');
  const completed = Math.min(...steps.flatMap((s) => sides.map((x) => times[s][x].length)));
  console.log(`\ndeploy figures, medians of ${completed} interleaved run(s):\n`);
  console.log('| step | guide-deploy.sh | swarmlift deploy | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const step of steps) {
    const guide = times[step].guide.length ? median(times[step].guide) : undefined;
    const ours =
      haveCli && times[step].swarmlift.length ? median(times[step].swarmlift) : undefined;
    const ratio = guide && ours !== undefined ? ours / guide : undefined;
    let target = '≤ 0.3× of the guide';
    let met;
    if (step === 'no-change redeploy') {
      target = '≤ 3 s';
      met = ours !== undefined ? ours <= 3000 : undefined;
    } else met = ratio !== undefined ? ratio <= 0.3 : undefined;
    console.log(
      `| ${step} | ${guide ? sec(guide) : '—'} | ${ours !== undefined ? sec(ours) : '—'} | ${ratio !== undefined ? `${ratio.toFixed(2)}×` : '—'} | ${target}${met === undefined ? '' : met ? ' ✓' : ' ✗'} |`,
    );
  }
  for (const side of sides) {
    console.log(
      `\n${side === 'guide' ? 'guide-deploy.sh' : 'swarmlift deploy'} by step (medians; ${side === 'guide' ? 'its guide-step lines' : 'its ✓ step lines, 0.1 s resolution'}):\n`,
    );
    const names = [...new Set(steps.flatMap((s) => Object.keys(byStep[side][s])))];
    console.log(`| step | ${steps.join(' | ')} |`);
    console.log(`| --- | ${steps.map(() => '---:').join(' | ')} |`);
    for (const name of names)
      console.log(
        `| ${name} | ${steps.map((s) => (byStep[side][s][name] ? `${median(byStep[side][s][name]).toFixed(0)} ms` : '—')).join(' | ')} |`,
      );
  }
}

/** swarmlift --help against a bare node, hyperfine-style: warm-up, then interleaved runs. */
export function startupFigure({ cli, runs }) {
  const once = (args) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) {
    once(['-e', '0']);
    once([cli, '--help']);
  }
  const startup = { node: [], help: [] };
  for (let i = 0; i < runs; i++) {
    startup.node.push(once(['-e', '0']));
    startup.help.push(once([cli, '--help']));
  }
  const node = median(startup.node);
  const help = median(startup.help);
  console.log(
    `\nstart-up, median of ${runs} interleaved runs: node -e 0 ${node.toFixed(0)} ms, swarmlift --help ${help.toFixed(0)} ms: +${(help - node).toFixed(0)} ms (target ≤ 100 ms ${help - node <= 100 ? '✓' : '✗'})`,
  );
}
