// node --test bench/pipeline/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedSince } from './served-since.mjs';

const seen = (...pairs) => pairs.map(([t, version]) => ({ t, version }));

test('the version is served from the first answer of its last unbroken run', () => {
  const observations = seen([0, 'b'], [100, 'a'], [200, 'b'], [300, 'a'], [400, 'a'], [500, 'a']);
  assert.deepEqual(servedSince(observations, 'a'), { first: 100, since: 300, heldMs: 200 });
});

test('a failed request breaks the run (the edge did not serve the version then)', () => {
  const observations = seen([0, 'a'], [100, undefined], [200, 'a']);
  assert.deepEqual(servedSince(observations, 'a'), { first: 0, since: 200, heldMs: 0 });
});

test('not served while the last answer is another version', () => {
  const observations = seen([0, 'b'], [100, 'a'], [200, 'b']);
  assert.deepEqual(servedSince(observations, 'a'), { first: 100, since: undefined, heldMs: 0 });
});

test('never answered', () => {
  assert.deepEqual(servedSince([], 'a'), { first: undefined, since: undefined, heldMs: 0 });
  assert.deepEqual(servedSince(seen([0, 'b']), 'a'), {
    first: undefined,
    since: undefined,
    heldMs: 0,
  });
});
