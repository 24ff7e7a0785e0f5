// node --test scripts/lib/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  forbiddenReason,
  formatBytes,
  sizeTable,
  tarballProblems,
  testSourcesOf,
  workspaceRanges,
} from './tarball-contents.mjs';

const clean = {
  entries: [
    { path: 'package.json', size: 900 },
    { path: 'README.md', size: 4000 },
    { path: 'LICENSE', size: 1078 },
    { path: 'dist/index.js', size: 5000 },
    { path: 'dist/index.js.map', size: 9000 },
    { path: 'dist/index.d.ts', size: 700 },
  ],
  sourceMaps: { 'dist/index.js.map': { sources: ['../src/index.ts', '../src/errors.ts'] } },
  manifest: { name: '@swarmlift/x', dependencies: { '@swarmlift/core': '^0.1.0', yaml: '^2.0.0' } },
};

test('a tarball of built code, README, LICENSE and manifest has no problems', () => {
  assert.deepEqual(tarballProblems(clean), []);
});

test('test files, test folders and fixtures are named, with the reason', () => {
  assert.equal(forbiddenReason('dist/plan.test.js'), 'a test file');
  assert.equal(forbiddenReason('dist/plan.spec.mjs'), 'a test file');
  assert.equal(forbiddenReason('dist/deploy.integration.test.js.map'), 'a test file');
  assert.equal(forbiddenReason('test/fixtures/app/manage.py'), 'a test or fixture folder');
  assert.equal(forbiddenReason('dist/fixtures/compose.yml'), 'a test or fixture folder');
  assert.equal(forbiddenReason('.test-results/unit.json'), 'a test or fixture folder');
  assert.equal(forbiddenReason('tsconfig.tsbuildinfo'), 'a build or tool leftover');
  assert.equal(forbiddenReason('dist/latest.js'), undefined);
  assert.equal(forbiddenReason('dist/contest.js'), undefined);
  const problems = tarballProblems({
    ...clean,
    entries: [...clean.entries, { path: 'dist/plan.test.js', size: 10 }],
  });
  assert.deepEqual(problems, ['dist/plan.test.js: a test file']);
});

test('a source map made from a test file is a problem even when the map has a plain name', () => {
  assert.deepEqual(testSourcesOf({ sources: ['../src/a.ts', '../src/a.test.ts'] }), [
    '../src/a.test.ts',
  ]);
  assert.deepEqual(testSourcesOf({ sources: ['../../test/fixtures/x.ts'] }), [
    '../../test/fixtures/x.ts',
  ]);
  assert.deepEqual(testSourcesOf({}), []);
  const problems = tarballProblems({
    ...clean,
    sourceMaps: { 'dist/chunk-X.js.map': { sources: ['../src/a.ts', '../src/a.test.ts'] } },
  });
  assert.deepEqual(problems, ['dist/chunk-X.js.map: a source map of tests (../src/a.test.ts)']);
});

test('README, LICENSE and package.json must be there', () => {
  const problems = tarballProblems({
    ...clean,
    entries: clean.entries.filter((entry) => entry.path.startsWith('dist/')),
  });
  assert.deepEqual(problems, ['package.json: missing', 'README.md: missing', 'LICENSE: missing']);
});

test('workspace: ranges left in the packed manifest are problems', () => {
  assert.deepEqual(
    workspaceRanges({
      dependencies: { '@swarmlift/core': 'workspace:^', zod: '^4.0.0' },
      devDependencies: { '@swarmlift/testkit': 'workspace:*' },
    }),
    [
      'dependencies.@swarmlift/core: workspace:^',
      'devDependencies.@swarmlift/testkit: workspace:*',
    ],
  );
  assert.deepEqual(workspaceRanges({}), []);
  assert.deepEqual(
    tarballProblems({ ...clean, manifest: { dependencies: { a: 'workspace:~' } } }),
    ['package.json dependencies.a: workspace:~'],
  );
});

test('sizes are printed as npm does, and the table has a total row', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(153092), '149.5 kB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.00 MB');
  const table = sizeTable([
    { name: '@swarmlift/core', files: 10, packed: 2048, unpacked: 8192 },
    { name: 'swarmlift', files: 70, packed: 153092, unpacked: 600000 },
  ]);
  const lines = table.split('\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^package\s+files\s+tarball\s+unpacked$/);
  assert.match(lines[2], /^swarmlift\s+70\s+149\.5 kB\s+585\.9 kB$/);
  assert.match(lines[3], /^@swarmlift\/core\s+10\s+2\.0 kB\s+8\.0 kB$/);
  assert.match(lines[5], /^total\s+80\s+151\.5 kB\s+593\.9 kB$/);
});
