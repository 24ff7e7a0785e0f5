// What may ship in a package's npm tarball, and the table of their sizes.
// Pure functions over a tarball's entries (paths without the `package/`
// prefix), so check-packages.mjs and its unit test share one set of rules.

/** A test file by its name: `x.test.ts`, `x.spec.js`, `x.test.mjs.map`, … */
const TEST_FILE = /(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?(\.map)?$/;
/** Folders that only tests use. */
const TEST_FOLDER = /(^|\/)(test|tests|__tests__|fixtures|__fixtures__|\.test-results)\//;
/** Build and tool leftovers that never belong in a tarball. */
const LEFTOVER = /(^|\/)(\.turbo\/|[^/]*\.tsbuildinfo$|\.env$|vitest\.config\.[cm]?[jt]s$)/;

/** Why `path` must not be in the tarball, or undefined when it may be. */
export function forbiddenReason(path) {
  if (TEST_FILE.test(path)) return 'a test file';
  if (TEST_FOLDER.test(path)) return 'a test or fixture folder';
  if (LEFTOVER.test(path)) return 'a build or tool leftover';
  return undefined;
}

/** The test or fixture files a source map was made from (its `sources`). */
export function testSourcesOf(sourceMap) {
  const sources = Array.isArray(sourceMap?.sources) ? sourceMap.sources : [];
  return sources.filter(
    (source) => typeof source === 'string' && forbiddenReason(source.replace(/^(\.\.\/)+/, '')),
  );
}

/** Dependency ranges still written with `workspace:` (publishing must have replaced them). */
export function workspaceRanges(manifest) {
  const found = [];
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
    'devDependencies',
  ]) {
    for (const [name, range] of Object.entries(manifest?.[field] ?? {})) {
      if (String(range).startsWith('workspace:')) found.push(`${field}.${name}: ${range}`);
    }
  }
  return found;
}

/**
 * Every problem with one tarball, as lines. `entries`: `{ path, size }` for
 * each file; `sourceMaps`: path → parsed JSON of each `.map` file;
 * `manifest`: the packed package.json.
 */
export function tarballProblems({ entries, sourceMaps = {}, manifest }) {
  const problems = [];
  for (const { path } of entries) {
    const reason = forbiddenReason(path);
    if (reason) problems.push(`${path}: ${reason}`);
  }
  for (const [path, map] of Object.entries(sourceMaps)) {
    const tests = testSourcesOf(map);
    if (tests.length > 0) problems.push(`${path}: a source map of tests (${tests.join(', ')})`);
  }
  const paths = new Set(entries.map((entry) => entry.path));
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!paths.has(required)) problems.push(`${required}: missing`);
  }
  for (const range of workspaceRanges(manifest)) problems.push(`package.json ${range}`);
  return problems;
}

/** `12345` → `12.1 kB` (1 kB = 1024 bytes, as npm prints them). */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * A plain-text table: one row per tarball (`{ name, files, packed, unpacked }`,
 * sizes in bytes), widest first, and a total row.
 */
export function sizeTable(rows) {
  const sorted = [...rows].sort((a, b) => b.packed - a.packed || a.name.localeCompare(b.name));
  const total = sorted.reduce(
    (sum, row) => ({
      name: 'total',
      files: sum.files + row.files,
      packed: sum.packed + row.packed,
      unpacked: sum.unpacked + row.unpacked,
    }),
    { name: 'total', files: 0, packed: 0, unpacked: 0 },
  );
  const cells = [...sorted, total].map((row) => [
    row.name,
    String(row.files),
    formatBytes(row.packed),
    formatBytes(row.unpacked),
  ]);
  const header = ['package', 'files', 'tarball', 'unpacked'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column].length)),
  );
  const line = (cell) =>
    cell
      .map((text, column) =>
        column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]),
      )
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...cells.slice(0, -1).map(line), rule, line(cells.at(-1))].join('\n');
}
