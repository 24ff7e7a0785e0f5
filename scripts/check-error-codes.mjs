// Checks that no two packages share an error code. Imports the built main
// entry (dist) of every publishable workspace package, collects every exported
// runtime array named `*ErrorCodes` (the template asks for `<package>ErrorCodes`,
// e.g. `envWriterErrorCodes`; core's `coreErrorCodes` included) and fails when a
// code belongs to two packages. A list one package re-exports from another
// (the same array object) counts for the package that owns it only. Packages
// that export no list yet are reported as "no list", not as a failure.
// It also checks docs/troubleshooting.md against the codes: every code has an
// entry (a heading that is the code, e.g. `### `SSH_HOST_KEY_MISMATCH``), and
// every entry names a code that exists.
// Run after `pnpm build`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publishablePackages } from './lib/publishable-packages.mjs';

const root = new URL('..', import.meta.url).pathname;

const packages = publishablePackages(root);

/** The file the package's `.` entry points at, as Node resolves it for `import`. */
function mainEntry({ folder, manifest }) {
  let target = manifest.exports?.['.'] ?? manifest.exports ?? manifest.main;
  while (target && typeof target === 'object') {
    target = target.import ?? target.node ?? target.default;
  }
  return typeof target === 'string' ? join(folder, target) : undefined;
}

/** `@swarmlift/env-writer` → `envWriter`: the prefix the package's own list carries. */
function ownListPrefix(name) {
  const base = name.split('/').at(-1) ?? name;
  return base.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

let failures = 0;
const loaded = [];
for (const pkg of packages) {
  const { manifest } = pkg;
  const entry = mainEntry(pkg);
  if (!entry || !existsSync(entry)) {
    failures++;
    console.error(
      `✗ ${manifest.name}: no built entry (${entry ?? 'no exports'}) — run \`pnpm build\` first`,
    );
    continue;
  }
  try {
    const module = await import(pathToFileURL(entry).href);
    const lists = Object.entries(module)
      .filter(([name, value]) => /ErrorCodes$/.test(name) && Array.isArray(value))
      .map(([name, value]) => ({ name, value }));
    loaded.push({ name: manifest.name, prefix: ownListPrefix(manifest.name), lists });
  } catch (error) {
    failures++;
    console.error(`✗ ${manifest.name}: cannot import ${entry}: ${error.message}`);
  }
}

// A list object belongs to the package that exports it under its own name
// (`<package>ErrorCodes`); otherwise to the first package that exports it.
const owners = new Map(); // array → package name
for (const { name, prefix, lists } of loaded) {
  for (const list of lists) {
    if (list.name === `${prefix}ErrorCodes`) owners.set(list.value, name);
  }
}
for (const { name, lists } of loaded) {
  for (const list of lists) if (!owners.has(list.value)) owners.set(list.value, name);
}

const codeOwners = new Map(); // code → Set of package names
const noList = [];
for (const { name, lists } of loaded) {
  const own = lists.filter((list) => owners.get(list.value) === name);
  const reexported = lists.filter((list) => owners.get(list.value) !== name);
  if (own.length === 0) {
    noList.push(name);
    continue;
  }
  const codes = new Set();
  for (const list of own) {
    for (const code of list.value) {
      if (typeof code !== 'string') {
        failures++;
        console.error(`✗ ${name}: ${list.name} holds a non-string entry ${JSON.stringify(code)}`);
        continue;
      }
      codes.add(code);
    }
    const seen = new Set();
    for (const code of list.value) {
      if (seen.has(code)) {
        failures++;
        console.error(`✗ ${name}: ${list.name} lists ${code} twice`);
      }
      seen.add(code);
    }
  }
  for (const code of codes) {
    if (!codeOwners.has(code)) codeOwners.set(code, new Set());
    codeOwners.get(code).add(name);
  }
  const also = reexported.length
    ? ` (re-exports ${reexported.map((list) => `${list.name} of ${owners.get(list.value)}`).join(', ')})`
    : '';
  console.log(
    `✓ ${name}: ${codes.size} code(s) in ${own.map((list) => list.name).join(', ')}${also}`,
  );
}

for (const [code, names] of [...codeOwners].sort(([a], [b]) => a.localeCompare(b))) {
  if (names.size > 1) {
    failures++;
    console.error(`✗ ${code} is a code of ${[...names].join(' and ')}`);
  }
}
if (noList.length > 0) {
  console.log(`  no list (no exported *ErrorCodes array): ${noList.join(', ')}`);
}
// docs/troubleshooting.md: one entry per code, none for a code that does not exist.
// Compared only when every package loaded (an unbuilt one would make its codes look gone).
const troubleshooting = join(root, 'docs', 'troubleshooting.md');
const allLoaded = loaded.length === packages.length;
if (!allLoaded) {
  console.error('  docs/troubleshooting.md not compared: build every package first');
} else if (existsSync(troubleshooting)) {
  const entries = new Map(); // code → line
  const sections = new Map(); // code → the package its `## ` section names
  let section; // `## The \`swarmlift\` command` → swarmlift; `## \`@swarmlift/core\`` → @swarmlift/core
  for (const [index, line] of readFileSync(troubleshooting, 'utf8').split('\n').entries()) {
    const sectionHeading = line.match(/^##\s+.*?`([^`]+)`/);
    if (sectionHeading) section = sectionHeading[1];
    // `### `CODE`` (or a bare `### SOME_CODE`): one entry.
    const match = line.match(
      /^#{2,4}\s+(?:`([A-Z][A-Z0-9_]+)`|([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+))\s*$/,
    );
    if (!match) continue;
    const heading = [match[0], match[1] ?? match[2]];
    if (entries.has(heading[1])) {
      failures++;
      console.error(`✗ docs/troubleshooting.md:${index + 1}: a second entry for ${heading[1]}`);
    }
    entries.set(heading[1], index + 1);
    sections.set(heading[1], section);
  }
  const missing = [...codeOwners.keys()].filter((code) => !entries.has(code)).sort();
  for (const code of missing) {
    failures++;
    console.error(
      `✗ docs/troubleshooting.md: no entry for ${code} (${[...codeOwners.get(code)].join(', ')}): add a heading \`### \`${code}\`\` with what it means and what to do`,
    );
  }
  for (const [code, line] of entries) {
    const owners = codeOwners.get(code);
    if (owners && !owners.has(sections.get(code))) {
      failures++;
      console.error(
        `✗ docs/troubleshooting.md:${line}: ${code} belongs under the section of ${[...owners].join(', ')}, not ${sections.get(code) ?? 'before the first section'}`,
      );
    }
    if (!codeOwners.has(code)) {
      failures++;
      console.error(
        `✗ docs/troubleshooting.md:${line}: an entry for ${code}, which no package raises (renamed or removed?)`,
      );
    }
  }
  if (missing.length === 0) {
    console.log(`✓ docs/troubleshooting.md: an entry for each of the ${codeOwners.size} codes`);
  }
} else {
  failures++;
  console.error('✗ docs/troubleshooting.md is missing: it must have an entry for every error code');
}

if (failures === 0) {
  console.log(`✓ error codes: ${codeOwners.size} code(s), none shared by two packages`);
} else {
  process.exitCode = 1;
}
