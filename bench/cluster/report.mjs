// The tables of bench/cluster, in Markdown.
import { median, sec } from '../pipeline/harness.mjs';
import { formatGrowth, GROWTH_LIMIT_PERCENT, growthPercent, growthVerdict } from './growth.mjs';

const label = { guide: 'guide-deploy.sh', swarmlift: 'swarmlift deploy' };

/** @param {{ nodes: number, engine: string, first: object, rounds: object, steps: object }[]} results */
export function printFigures(results, { sides }) {
  const byNodes = [...results].sort((a, b) => a.nodes - b.nodes);
  const med = (r, side) => (r.rounds[side]?.length ? median(r.rounds[side]) : undefined);
  const done = Math.min(...byNodes.flatMap((r) => sides.map((s) => r.rounds[s].length)));
  console.log(
    `\nnew version (one-line change, every node pulls the new layer), medians of ${done} alternating round(s):\n`,
  );
  console.log(
    `| nodes | ${sides.map((s) => label[s]).join(' | ')} |${sides.length > 1 ? ' swarmlift / guide |' : ''}`,
  );
  console.log(
    `| ---: | ${sides.map(() => '---:').join(' | ')} |${sides.length > 1 ? ' ---: |' : ''}`,
  );
  for (const r of byNodes) {
    const cells = sides.map((s) => (med(r, s) === undefined ? '—' : sec(med(r, s))));
    const ratio =
      sides.length > 1 && med(r, 'guide') && med(r, 'swarmlift')
        ? ` ${(med(r, 'swarmlift') / med(r, 'guide')).toFixed(2)}× |`
        : sides.length > 1
          ? ' — |'
          : '';
    console.log(`| ${r.nodes} | ${cells.join(' | ')} |${ratio}`);
  }
  const base = byNodes[0];
  for (const r of byNodes.slice(1)) {
    const cells = sides.map((s) => {
      if (!med(base, s) || !med(r, s)) return '—';
      const percent = growthPercent(med(base, s), med(r, s));
      const target =
        s === 'swarmlift' && base.nodes === 1 && r.nodes === 4
          ? ` (target < ${GROWTH_LIMIT_PERCENT} % ${growthVerdict(percent)})`
          : '';
      return `${formatGrowth(percent)}${target}`;
    });
    console.log(
      `| growth ${base.nodes} → ${r.nodes} | ${cells.join(' | ')} |${sides.length > 1 ? ' |' : ''}`,
    );
  }

  console.log('\nsingle runs (s), in order:\n');
  for (const r of byNodes)
    for (const s of sides)
      console.log(
        `- ${r.nodes} node(s), ${label[s]}: first deploy ${r.first[s] === undefined ? '—' : (r.first[s] / 1000).toFixed(1)}; rounds ${r.rounds[s].map((ms) => (ms / 1000).toFixed(1)).join(', ')}`,
      );

  for (const s of sides) {
    console.log(
      `\n${label[s]} by step, new version (medians; ${s === 'guide' ? 'its guide-step lines' : 'its ✓ step lines, 0.1 s resolution'}):\n`,
    );
    const names = [...new Set(byNodes.flatMap((r) => Object.keys(r.steps[s])))];
    console.log(`| step | ${byNodes.map((r) => `${r.nodes} node(s)`).join(' | ')} |`);
    console.log(`| --- | ${byNodes.map(() => '---:').join(' | ')} |`);
    for (const step of names)
      console.log(
        `| ${step} | ${byNodes.map((r) => (r.steps[s][step] ? sec(median(r.steps[s][step])) : '—')).join(' | ')} |`,
      );
  }
}
