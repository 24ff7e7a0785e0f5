// How a wall time grows with the number of nodes, and the target for it.

/** The target of issue 17: swarmlift's deploy grows by less than this many percent from 1 to 4 nodes. */
export const GROWTH_LIMIT_PERCENT = 20;

/** Growth in percent from `base` to `value` (both > 0): 10 s → 11 s is 10. */
export function growthPercent(base, value) {
  if (!(base > 0) || !(value > 0))
    throw new Error(`growth needs two positive times, got ${base} and ${value}`);
  return ((value - base) / base) * 100;
}

/** ✓ when the growth is under the limit, ✗ otherwise (also when it is exactly the limit). */
export function growthVerdict(percent, limit = GROWTH_LIMIT_PERCENT) {
  return percent < limit ? '✓' : '✗';
}

/** "+12.3 %" / "−4.0 %". */
export function formatGrowth(percent) {
  return `${percent < 0 ? '−' : '+'}${Math.abs(percent).toFixed(1)} %`;
}
