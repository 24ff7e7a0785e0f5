// Keeps the documentation true. Run after `pnpm build`, with the test
// environment up (`bash scripts/testenv/up.sh`; scripts/test.sh starts it):
//
//   node scripts/check-docs.mjs            # links, TypeScript blocks, shell blocks marked as tests
//   node scripts/check-docs.mjs --no-run   # links and TypeScript only (no services needed)
//   node scripts/check-docs.mjs --no-ts    # skip the TypeScript blocks
//   node scripts/check-docs.mjs --verbose  # also print each shell test's output
//
// 1. Links: every relative link in docs/**/*.md, the root README and the
//    READMEs of packages/, apps/, examples/ and bench/ must name
//    a file or folder that exists, and an `#anchor` a heading of that page.
// 1b. Quotes: a fenced block right after `<!-- quote: PATH -->` (PATH relative
//    to the page) must be exactly that file's text, so a quoted workflow or
//    config never drifts from the tested file.
// 2. TypeScript: every ```ts block of docs/*.md and the package READMEs
//    type-checks in strict mode (scripts/check-readme-examples.mjs).
// 3. Shell blocks marked as tests — a fence opened with ```sh test (or
//    ```bash test; `exit=N` when the block is meant to end with N, `expect=TEXT`
//    for a word its output must contain) — RUN, in
//    page order (getting-started.md first, then the other pages by name), in
//    one sandbox: a git copy of examples/django-app as the working folder,
//    `swarmlift` (and `npx swarmlift`) on PATH as the built CLI, and the
//    settings a CI job would hold, for the local test services in
//    .testenv/env (127.0.0.1 only). Whatever they deploy goes to one stack
//    `sltest-docs-<random>` with its own database, static folder and edge
//    port, all removed at the end, even on failure. A block fails when its
//    exit code differs or when its output holds a secret's value.
// Integration tests and this check share the Docker engine: locally, run it
// under the lock (`flock /work/coord/integration.lock node scripts/check-docs.mjs`).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const docsFolder = join(root, 'docs');
const args = process.argv.slice(2);
const runShell = !args.includes('--no-run');
const checkTs = !args.includes('--no-ts');
const verbose = args.includes('--verbose'); // print each test block's output
let failures = 0;

const fail = (text) => {
  failures++;
  console.error(`✗ ${text}`);
};

/** Every .md file under `folder`, sorted. */
function markdownFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.name.endsWith('.md') ? [path] : [];
    })
    .sort();
}

/**
 * A markdown text split into its fenced blocks (`{ info, line, code }`, line =
 * the opening fence's, 1-based) and its prose lines outside them (`{ line, text }`).
 */
function parseMarkdown(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  const prose = [];
  let open;
  for (const [index, text] of lines.entries()) {
    if (open) {
      const close = text.match(/^\s*(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        blocks.push({ info: open.info, line: open.line, code: open.body.join('\n') });
        open = undefined;
      } else {
        open.body.push(text.startsWith(open.indent) ? text.slice(open.indent.length) : text);
      }
      continue;
    }
    const start = text.match(/^(\s*)(`{3,}|~{3,})\s*(.*)$/);
    if (start) {
      open = {
        indent: start[1],
        fence: start[2],
        info: start[3].trim(),
        line: index + 1,
        body: [],
      };
      continue;
    }
    prose.push({ line: index + 1, text });
  }
  return { blocks, prose };
}

// ---- 1. links ---------------------------------------------------------------

/** GitHub's anchor for a heading: lower case, punctuation removed, spaces → '-'. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map();
/** The anchors a markdown file's headings make (duplicates get -1, -2, … as on GitHub). */
function anchorsOf(file) {
  if (anchorCache.has(file)) return anchorCache.get(file);
  const anchors = new Set();
  const seen = new Map();
  for (const { text } of parseMarkdown(readFileSync(file, 'utf8')).prose) {
    const heading = text.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    const explicit = [...text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)].map((m) => m[1]);
    for (const name of explicit) anchors.add(name);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

/** The link targets of a markdown file's prose: `{ line, target }` (inline code skipped). */
function linksOf(file) {
  const links = [];
  for (const { line, text } of parseMarkdown(readFileSync(file, 'utf8')).prose) {
    const plain = text.replace(/(`+)[^`]*?\1/g, '');
    for (const match of plain.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: match[1] });
    }
    const reference = plain.match(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/);
    if (reference) links.push({ line, target: reference[1] });
    for (const match of plain.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) {
      links.push({ line, target: match[1] });
    }
  }
  return links;
}

function checkLinks(files) {
  let count = 0;
  for (const file of files) {
    const where = relative(root, file);
    for (const { line, target } of linksOf(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      count++;
      if (target.startsWith('/')) {
        fail(
          `${where}:${line}: link ${target} starts with / (GitHub resolves it elsewhere): make it relative`,
        );
        continue;
      }
      const [pathPart, anchor] = target.split('#', 2);
      const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
      if (!existsSync(path)) {
        fail(`${where}:${line}: link ${target}: ${relative(root, path)} does not exist`);
        continue;
      }
      if (
        anchor &&
        path.endsWith('.md') &&
        statSync(path).isFile() &&
        !anchorsOf(path).has(anchor)
      ) {
        fail(`${where}:${line}: link ${target}: ${relative(root, path)} has no heading #${anchor}`);
      }
    }
  }
  return count;
}

/** Fenced blocks right after `<!-- quote: PATH -->` must equal the file at PATH. */
function checkQuotes(files) {
  let count = 0;
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const { blocks } = parseMarkdown(lines.join('\n'));
    for (const block of blocks) {
      const before = lines
        .slice(0, block.line - 1)
        .reverse()
        .find((line) => line.trim() !== '');
      const marker = before?.match(/^\s*<!--\s*quote:\s*(\S+)\s*-->\s*$/);
      if (!marker) continue;
      count++;
      const where = `${relative(root, file)}:${block.line}`;
      const path = resolve(dirname(file), marker[1]);
      if (!existsSync(path)) {
        fail(`${where}: quotes ${marker[1]}, which does not exist`);
        continue;
      }
      const quoted = readFileSync(path, 'utf8').replace(/\n$/, '');
      if (quoted !== block.code) {
        const a = quoted.split('\n');
        const b = block.code.split('\n');
        const index = a.findIndex((line, i) => line !== b[i]);
        const at = index === -1 ? Math.min(a.length, b.length) : index;
        fail(
          `${where}: the block differs from ${relative(root, path)} at its line ${at + 1}:\n    file: ${JSON.stringify(a[at])}\n    page: ${JSON.stringify(b[at])}\n  copy the file in again`,
        );
      }
    }
  }
  return count;
}

// ---- 3. shell blocks marked as tests ----------------------------------------

/** `sh test`, `bash test exit=1` → `{ exit }`; anything else → undefined. */
function testBlockOptions(info) {
  const words = info.split(/\s+/);
  if (!/^(sh|bash|shell)$/i.test(words[0] ?? '') || !words.includes('test')) return undefined;
  const exit = words.find((word) => word.startsWith('exit='));
  // `expect=TEXT` (no spaces; repeatable): the output must contain TEXT.
  const expect = words.filter((word) => word.startsWith('expect=')).map((word) => word.slice(7));
  return { exit: exit ? Number(exit.slice(5)) : 0, expect };
}

function readTestEnv() {
  const file = join(root, '.testenv', 'env');
  if (!existsSync(file)) return undefined;
  const values = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (match) values[match[1]] = match[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return values;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const docker = (testEnv, dockerArgs) =>
  execFileSync('docker', ['-H', `unix://${testEnv.DOCKER_SOCKET}`, ...dockerArgs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const psql = (testEnv, sql) =>
  execFileSync(
    'psql',
    [
      '-h',
      testEnv.PG_HOST,
      '-p',
      testEnv.PG_PORT,
      '-U',
      testEnv.PG_USER,
      '-d',
      testEnv.PG_DATABASE,
      '-tAc',
      sql,
    ],
    {
      env: { PATH: process.env.PATH, PGPASSWORD: testEnv.PG_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

/** The sandbox the test blocks run in: a repository, an environment and what to remove after. */
async function makeSandbox(testEnv) {
  const name = `sltest-docs-${randomBytes(3).toString('hex')}`;
  const dir = join(tmpdir(), name);
  const app = join(dir, 'app');
  const bin = join(dir, 'bin');
  const home = join(dir, 'home');
  const skip = new Set(['node_modules', '.env', 'staticfiles', '__pycache__']);
  cpSync(join(root, 'examples', 'django-app'), app, {
    recursive: true,
    filter: (path) => !skip.has(basename(path)),
  });
  mkdirSync(bin, { recursive: true });
  mkdirSync(home, { recursive: true });
  const git = (...gitArgs) =>
    execFileSync('git', gitArgs, {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        GIT_AUTHOR_NAME: 'docs',
        GIT_AUTHOR_EMAIL: 'docs@example.invalid',
        GIT_COMMITTER_NAME: 'docs',
        GIT_COMMITTER_EMAIL: 'docs@example.invalid',
      },
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'docs check');
  // `swarmlift` and `npx swarmlift` run the built CLI of this checkout.
  const cli = join(root, 'apps', 'swarmlift', 'dist', 'cli.js');
  writeFileSync(join(bin, 'swarmlift'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  const realNpx =
    spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim() || 'npx';
  writeFileSync(
    join(bin, 'npx'),
    `#!/bin/sh\nif [ "$1" = swarmlift ]; then shift; exec "${join(bin, 'swarmlift')}" "$@"; fi\nexec "${realNpx}" "$@"\n`,
  );
  chmodSync(join(bin, 'swarmlift'), 0o755);
  chmodSync(join(bin, 'npx'), 0o755);

  const database = name.replace(/-/g, '_');
  psql(testEnv, `CREATE DATABASE ${database}`);
  const edgePort = await freePort();
  const staticTarget = `${testEnv.NGINX_TEST_STATIC_ROOT}/${name}`;
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    CI: 'true',
    NO_COLOR: '1',
    // A block may commit (a new version to deploy) in the sandbox's repository.
    GIT_AUTHOR_NAME: 'docs',
    GIT_AUTHOR_EMAIL: 'docs@example.invalid',
    GIT_COMMITTER_NAME: 'docs',
    GIT_COMMITTER_EMAIL: 'docs@example.invalid',
    REGISTRY: testEnv.REGISTRY_HOST,
    IMAGE_NAME: `swarmlift-docs/${name}`,
    STACK_NAME: name,
    SWARM_MANAGER_IP: testEnv.SSH_HOST,
    SSH_PORT: testEnv.SSH_PORT,
    SSH_USER: testEnv.SSH_USER,
    SSH_PRIVATE_KEY: readFileSync(testEnv.SSH_KEY_PATH, 'utf8'),
    SSH_HOST_KEY: testEnv.SSH_HOST_KEY_FINGERPRINT,
    REGISTRY_USERNAME: testEnv.REGISTRY_USER,
    REGISTRY_PASSWORD: testEnv.REGISTRY_PASSWORD,
    SECRET_KEY: `docs-${randomBytes(36).toString('base64url')}`,
    DEBUG: '0',
    DB_NAME: database,
    DB_USER: testEnv.PG_USER,
    DB_PASSWORD: testEnv.PG_PASSWORD,
    DB_HOST: testEnv.PG_SWARM_HOST,
    DB_PORT: testEnv.PG_PORT,
    REDIS_URI: 'redis:6379/0',
    STATIC_TARGET: staticTarget,
    EDGE_PORT: String(edgePort),
    // What this machine forces: no image pulls (the local test image is the base and runs redis and nginx).
    BUILD_ARGS: `BASE_IMAGE=${testEnv.IMAGE_DJANGO}\nINSTALL_REQUIREMENTS=0`,
    REDIS_IMAGE: testEnv.REGISTRY_IMAGE_DJANGO,
    EDGE_IMAGE: testEnv.REGISTRY_IMAGE_DJANGO,
  };
  const secrets = [env.SECRET_KEY, env.DB_PASSWORD, env.REGISTRY_PASSWORD]
    .concat(
      env.SSH_PRIVATE_KEY.split('\n').filter(
        (line) => line.length > 20 && !line.startsWith('-----'),
      ),
    )
    .filter((value) => value && value.length >= 6);

  const remove = async () => {
    const attempt = (label, work) => {
      try {
        work();
      } catch (error) {
        fail(`cleanup of ${name}: ${label}: ${String(error.stderr ?? error.message).trim()}`);
      }
    };
    attempt('stack rm', () => {
      if (docker(testEnv, ['stack', 'ls', '--format', '{{.Name}}']).split('\n').includes(name)) {
        docker(testEnv, ['stack', 'rm', name]);
      }
    });
    // Swarm removes a stack's tasks and networks in the background.
    const deadline = Date.now() + 60_000;
    const left = () =>
      docker(testEnv, [
        'service',
        'ls',
        '-q',
        '--filter',
        `label=com.docker.stack.namespace=${name}`,
      ]).trim() +
      docker(testEnv, [
        'network',
        'ls',
        '-q',
        '--filter',
        `label=com.docker.stack.namespace=${name}`,
      ]).trim();
    while (Date.now() < deadline && left() !== '') await new Promise((r) => setTimeout(r, 500));
    attempt('configs (lock, records)', () => {
      const ids = docker(testEnv, ['config', 'ls', '-q']).split('\n').filter(Boolean);
      if (ids.length === 0) return;
      const configs = JSON.parse(docker(testEnv, ['config', 'inspect', ...ids]));
      for (const config of configs) {
        const labels = Object.values(config.Spec?.Labels ?? {});
        if (
          (config.Spec?.Name ?? '').includes(name) ||
          labels.some((label) => String(label).includes(name))
        ) {
          docker(testEnv, ['config', 'rm', config.ID]);
        }
      }
    });
    attempt('static folder', () => rmSync(staticTarget, { recursive: true, force: true }));
    attempt('database', () => psql(testEnv, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    attempt('sandbox', () => rmSync(dir, { recursive: true, force: true }));
  };
  return { name, app, env, secrets, remove };
}

function runBlock(sandbox, code) {
  return new Promise((resolveRun) => {
    const started = Date.now();
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], {
      cwd: sandbox.app,
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    const limit = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (exit, signal) => {
      clearTimeout(limit);
      resolveRun({ exit: exit ?? signal, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function runTestBlocks(pages) {
  const order = [...pages].sort((a, b) => {
    const first = (file) => (basename(file) === 'getting-started.md' ? 0 : 1);
    return first(a) - first(b) || a.localeCompare(b);
  });
  const tests = order.flatMap((file) =>
    parseMarkdown(readFileSync(file, 'utf8'))
      .blocks.map((block) => ({ ...block, options: testBlockOptions(block.info), file }))
      .filter((block) => block.options),
  );
  if (tests.length === 0) {
    console.log('✓ docs shell tests: none marked');
    return;
  }
  for (const test of tests) {
    // Only the local services are targets: no address but 127.0.0.1 in a test block.
    const foreign = (test.code.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []).filter(
      (ip) => ip !== '127.0.0.1',
    );
    if (foreign.length > 0)
      fail(
        `${relative(root, test.file)}:${test.line}: a test block names ${foreign.join(', ')}; only 127.0.0.1`,
      );
  }
  if (failures > 0) return;
  const testEnv = readTestEnv();
  if (!testEnv) {
    const message = `the test environment is not up (.testenv/env missing): start it with bash scripts/testenv/up.sh`;
    if (process.env.CI === 'true') fail(`docs shell tests: ${message}`);
    else console.log(`- docs shell tests skipped: ${message}`);
    return;
  }
  if (!existsSync(join(root, 'apps', 'swarmlift', 'dist', 'cli.js'))) {
    fail('docs shell tests: apps/swarmlift is not built (pnpm --filter swarmlift run build)');
    return;
  }
  const sandbox = await makeSandbox(testEnv);
  let passed = 0;
  const aborted = () => sandbox.remove().finally(() => process.exit(130));
  process.once('SIGINT', aborted);
  process.once('SIGTERM', aborted);
  try {
    for (const test of tests) {
      const where = `${relative(root, test.file)}:${test.line}`;
      const first = test.code
        .split('\n')
        .find((line) => line.trim() && !line.trim().startsWith('#'));
      const result = await runBlock(sandbox, test.code);
      const leaked = sandbox.secrets.filter((secret) => result.output.includes(secret));
      let output = result.output;
      for (const secret of sandbox.secrets) output = output.split(secret).join('***');
      const absent = test.options.expect.filter((text) => !result.output.includes(text));
      if (result.exit !== test.options.exit || leaked.length > 0 || absent.length > 0) {
        const why =
          result.exit !== test.options.exit
            ? `exit ${result.exit}, expected ${test.options.exit}`
            : leaked.length > 0
              ? `its output holds ${leaked.length} secret value(s)`
              : `its output lacks ${absent.map((text) => JSON.stringify(text)).join(', ')}`;
        fail(`${where} (${first?.trim()}): ${why}\n${output.replace(/^/gm, '    ').trimEnd()}`);
      } else {
        passed++;
        console.log(
          `✓ ${where} ${first?.trim()} (exit ${result.exit}, ${result.seconds.toFixed(1)} s)`,
        );
        if (verbose) console.log(output.replace(/^/gm, '    ').trimEnd());
      }
    }
  } finally {
    await sandbox.remove();
    process.off('SIGINT', aborted);
    process.off('SIGTERM', aborted);
  }
  console.log(
    `${passed === tests.length ? '✓' : '✗'} docs shell tests: ${passed}/${tests.length} passed (stack ${sandbox.name}, removed)`,
  );
}

// ---- self-test of the deciding functions (runs first, every time) ---------

/** The parsers this check relies on, against cases with known answers. */
function selfTest() {
  const cases = [
    [slug("5. Pin the manager's host key"), '5-pin-the-managers-host-key'],
    [
      slug('The first `swarmlift doctor` and `swarmlift deploy`'),
      'the-first-swarmlift-doctor-and-swarmlift-deploy',
    ],
    [slug('`CLI_HOOK_FAILED`'), 'cli_hook_failed'],
    [
      JSON.stringify(testBlockOptions('sh test exit=4 expect=maintenance')),
      '{"exit":4,"expect":["maintenance"]}',
    ],
    [JSON.stringify(testBlockOptions('sh test')), '{"exit":0,"expect":[]}'],
    [testBlockOptions('sh'), undefined],
    [testBlockOptions('yaml test'), undefined],
    [
      JSON.stringify(parseMarkdown('a\n```sh test\nx\n~~~\ny\n```\nb').blocks),
      '[{"info":"sh test","line":2,"code":"x\\n~~~\\ny"}]',
    ],
    [
      JSON.stringify(parseMarkdown('````md\n```ts\nz\n```\n````').blocks.map((b) => b.info)),
      '["md"]',
    ],
  ];
  for (const [index, [actual, expected]] of cases.entries()) {
    if (actual !== expected) {
      fail(
        `check-docs self-test ${index + 1}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      );
    }
  }
  // An anchor and a link of a page written for the test.
  const folder = join(tmpdir(), `check-docs-self-test-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  try {
    const page = join(folder, 'page.md');
    writeFileSync(
      page,
      '# Title\n\n## Same\n\n## Same\n\nsee [a](#same-1), `[not](a link)`, [b](other.md)\n',
    );
    const anchors = [...anchorsOf(page)].join(',');
    if (anchors !== 'title,same,same-1') fail(`check-docs self-test anchors: ${anchors}`);
    const links = linksOf(page)
      .map((l) => l.target)
      .join(',');
    if (links !== '#same-1,other.md') fail(`check-docs self-test links: ${links}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// ---- main -------------------------------------------------------------------

selfTest();
if (failures > 0) process.exit(1);
console.log('✓ check-docs self-test: its markdown parser, anchors, links and test-block options');

const pages = markdownFiles(docsFolder);
// The READMEs the docs link to (packages, apps, examples, benchmarks) are held to the same links.
const readmes = ['packages', 'apps', 'examples', 'bench'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group))
        .map((name) => join(root, group, name, 'README.md'))
        .filter((file) => existsSync(file))
    : [],
);
const linkFiles = [...pages, join(root, 'README.md'), ...readmes];
const linkCount = checkLinks(linkFiles);
if (failures === 0)
  console.log(`✓ docs links: ${linkCount} relative link(s) in ${linkFiles.length} file(s)`);
const failuresBeforeQuotes = failures;
const quoteCount = checkQuotes(pages);
if (failures === failuresBeforeQuotes)
  console.log(`✓ docs quotes: ${quoteCount} block(s) match their files`);

if (checkTs) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'check-readme-examples.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failures++;
}

if (runShell) await runTestBlocks(pages);

if (failures > 0) {
  console.error(`✗ docs check: ${failures} problem(s)`);
  process.exitCode = 1;
}
