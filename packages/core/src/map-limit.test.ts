import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.js';

describe('mapLimit', () => {
  it('keeps order, never runs more than the limit at once, and throws after every task ended', async () => {
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    const task = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (n % 3)));
      running--;
      finished.push(n);
      if (n === 4) throw new Error('four');
      return n * 2;
    };
    expect(await mapLimit([1, 2, 3], 2, task)).toEqual([2, 4, 6]);
    expect(peak).toBe(2);
    finished.length = 0;
    await expect(mapLimit([4, 5, 6, 7], 3, task)).rejects.toThrow('four');
    expect(finished.sort()).toEqual([4, 5, 6, 7]);
    expect(await mapLimit([], 4, task)).toEqual([]);
  });
});
