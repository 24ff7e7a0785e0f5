// node --test bench/cluster/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterCompose } from './cluster-compose.mjs';
import { formatGrowth, growthPercent, growthVerdict } from './growth.mjs';
import { spreadOf } from './spread.mjs';

const example = readFileSync(
  join(
    import.meta.dirname,
    '..',
    '..',
    'examples',
    'django-app',
    'deployment',
    'docker-compose.prod.yml',
  ),
  'utf8',
);

test('global: django gets mode global, the edge a placement on the manager', () => {
  const out = clusterCompose(example, { mode: 'global', nodes: 4, edgeHostname: 'm1' });
  assert.match(
    out,
    /endpoint_mode: dnsrr\n {6}mode: global\n {6}update_config:\n {8}parallelism: 1\n/,
  );
  assert.match(
    out,
    /\n {2}edge:\n[\s\S]*deploy:\n {6}replicas: 1\n {6}placement:\n {8}constraints:\n {10}- node\.hostname == m1\n/,
  );
  // redis stays as it is: one replica.
  assert.match(
    out,
    /\n {2}redis:\n[\s\S]*endpoint_mode: dnsrr\n {6}replicas: 1\n {6}restart_policy:/,
  );
  assert.equal(out.split('\n').length, example.split('\n').length + 3);
});

test('replicated: one replica per node; parallelism as asked', () => {
  const out = clusterCompose(example, {
    mode: 'replicated',
    nodes: 4,
    parallelism: 0,
    edgeHostname: 'm1',
  });
  assert.match(
    out,
    /endpoint_mode: dnsrr\n {6}replicas: 4\n {6}update_config:\n {8}parallelism: 0\n/,
  );
  assert.doesNotMatch(out, /mode: global/);
});

test('a changed example, or a bad option, fails loudly', () => {
  assert.throws(
    () =>
      clusterCompose(example.replace('parallelism: 1', 'parallelism: 2'), {
        mode: 'global',
        nodes: 1,
        edgeHostname: 'm1',
      }),
    /the example changed: the django service/,
  );
  assert.throws(
    () =>
      clusterCompose(example.replace('\n  edge:\n', '\n  proxy:\n'), {
        mode: 'global',
        nodes: 1,
        edgeHostname: 'm1',
      }),
    /no edge service/,
  );
  assert.throws(
    () => clusterCompose(example, { mode: 'spread', nodes: 1, edgeHostname: 'm1' }),
    /global or replicated/,
  );
  assert.throws(
    () => clusterCompose(example, { mode: 'global', nodes: 0, edgeHostname: 'm1' }),
    /nodes 0/,
  );
  assert.throws(
    () => clusterCompose(example, { mode: 'global', nodes: 1, edgeHostname: 'm1; rm' }),
    /not a node hostname/,
  );
});

test('growth from 1 to 4 nodes, and the < 20 % target', () => {
  assert.equal(growthPercent(10_000, 11_000), 10);
  assert.equal(growthVerdict(growthPercent(10_000, 11_900)), '✓');
  assert.equal(growthVerdict(20), '✗');
  assert.equal(growthVerdict(35), '✗');
  assert.equal(formatGrowth(12.345), '+12.3 %');
  assert.equal(formatGrowth(-4), '−4.0 %');
  assert.throws(() => growthPercent(0, 1), /two positive times/);
});

test('spread: a running task of the new image on every node', () => {
  const image = '127.0.0.1:5000/x/django-app:abc1234';
  const tasks = [
    { node: 'm1', image: `${image}@sha256:00`, state: 'Running 3 seconds ago' },
    { node: 'w1', image, state: 'Running 2 seconds ago' },
    { node: 'w2', image: '127.0.0.1:5000/x/django-app:0000000', state: 'Running 1 minute ago' },
    { node: 'w3', image, state: 'Starting 1 second ago' },
  ];
  assert.deepEqual(spreadOf(tasks, ['m1', 'w1', 'w2', 'w3'], image), {
    ok: false,
    missing: ['w2', 'w3'],
    running: { m1: 1, w1: 1, w2: 0, w3: 0 },
  });
  assert.equal(spreadOf(tasks.slice(0, 2), ['m1', 'w1'], image).ok, true);
});

test('cluster.sh arguments: one manager, the rest workers, all on the host engine', async () => {
  const { upArgs, parseEnvFile } = await import('./cluster-instance.mjs');
  assert.deepEqual(upArgs('bench', 1), [
    '--name',
    'bench',
    'up',
    '--managers',
    '1',
    '--workers',
    '0',
  ]);
  assert.deepEqual(upArgs('bench', 4).slice(3), [
    '--managers',
    '1',
    '--workers',
    '3',
    '--engine',
    'w1=20',
    '--engine',
    'w2=20',
    '--engine',
    'w3=20',
  ]);
  assert.deepEqual(parseEnvFile('# c\nCLUSTER_NODES="m1 w1"\nCLUSTER_SSH_PORT=22\n'), {
    CLUSTER_NODES: 'm1 w1',
    CLUSTER_SSH_PORT: '22',
  });
});
