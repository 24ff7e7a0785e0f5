// Benchmark of @swarmlift/static-sync against `tar czf - | ssh tar xzf -` (what the guide's
// scp-action does) and `rsync -az`, measured in the same run, interleaved.
// Run `pnpm --filter @swarmlift/remote build && pnpm --filter @swarmlift/static-sync build`
// first; needs the test environment (bash scripts/testenv/up.sh), root (iptables byte
// counters) and the deploy user's key. Usage: node bench/static-sync/bench.mjs [--runs N]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPackage, loadTestEnv, root } from '../lib/bench-setup.mjs';

const { api } = await loadPackage('static-sync');
const { connect } = (await loadPackage('remote')).api;
const { syncStatic } = api;
const env = loadTestEnv();
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag === -1 ? 3 : Number(process.argv[runsFlag + 1]);
// --sets admin | synthetic | admin,synthetic (default both)
const setsFlag = process.argv.indexOf('--sets');
const SETS = (setsFlag === -1 ? 'admin,synthetic' : process.argv[setsFlag + 1]).split(',');
const ADMIN = '/usr/lib/python3/dist-packages/django/contrib/admin/static';
const work = mkdtempSync(join(tmpdir(), 'sltest-ss-bench-'));
const siteRoot = `${env.NGINX_TEST_STATIC_ROOT}/sltest-bench-${randomBytes(3).toString('hex')}`;
const cleanups = [];
const cleanup = () => {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      fn();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

// --- A private sshd on its own port, so iptables counts only this benchmark's bytes. ---
const sshdDir = join(work, 'sshd');
mkdirSync(sshdDir, { mode: 0o755 });
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshdDir, 'host')]);
const port = 20000 + Math.floor(Math.random() * 20000);
writeFileSync(
  join(sshdDir, 'config'),
  [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${join(sshdDir, 'host')}`,
    `PidFile ${join(sshdDir, 'pid')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    `AllowUsers ${env.SSH_USER}`,
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n'),
);
const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(sshdDir, 'config')], {
  stdio: 'ignore',
});
cleanups.push(() => sshd.kill('SIGTERM'));
await waitForPort(port);
const hostKeyLine = readFileSync(join(sshdDir, 'host.pub'), 'utf8').trim().split(' ').slice(0, 2);
const knownHosts = join(sshdDir, 'known_hosts');
writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKeyLine.join(' ')}\n`);
const sshArgs = [
  '-p',
  String(port),
  '-i',
  env.SSH_KEY_PATH,
  '-o',
  `UserKnownHostsFile=${knownHosts}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'BatchMode=yes',
];
const sshTarget = `${env.SSH_USER}@127.0.0.1`;

// --- iptables byte counters for this port, both directions (IP packet bytes on lo). ---
const COMMENT = `sltest-ss-bench-${port}`;
const rules = [
  ['--dport', 'up'],
  ['--sport', 'down'],
];
for (const [flag] of rules) {
  execFileSync('iptables', [
    '-w',
    '-I',
    'OUTPUT',
    '1',
    '-o',
    'lo',
    '-p',
    'tcp',
    flag,
    String(port),
    '-m',
    'comment',
    '--comment',
    COMMENT,
  ]);
  cleanups.push(() =>
    execFileSync('iptables', [
      '-w',
      '-D',
      'OUTPUT',
      '-o',
      'lo',
      '-p',
      'tcp',
      flag,
      String(port),
      '-m',
      'comment',
      '--comment',
      COMMENT,
    ]),
  );
}
function counters() {
  const out = execFileSync('iptables', ['-w', '-L', 'OUTPUT', '-v', '-x', '-n'], {
    encoding: 'utf8',
  });
  const result = { up: 0, down: 0 };
  for (const line of out.split('\n').filter((l) => l.includes(COMMENT))) {
    const bytes = Number(line.trim().split(/\s+/)[1]);
    if (line.includes(`dpt:${port}`)) result.up += bytes;
    if (line.includes(`spt:${port}`)) result.down += bytes;
  }
  return result;
}

// --- Data sets ---
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const words = Array.from({ length: 3000 }, () =>
  Array.from({ length: 3 + Math.floor(rand() * 8) }, () =>
    String.fromCharCode(97 + Math.floor(rand() * 26)),
  ).join(''),
);
const corpus = Buffer.from(
  Array.from({ length: 400_000 }, (_, i) =>
    i % 12 === 0
      ? `}\n.${words[Math.floor(rand() * words.length)]} {`
      : words[Math.floor(rand() * words.length)],
  ).join(' '),
);
const textLike = (size) => {
  const parts = [];
  let left = size;
  while (left > 0) {
    const n = Math.min(left, 2000 + Math.floor(rand() * 6000));
    const at = Math.floor(rand() * (corpus.length - n));
    parts.push(corpus.subarray(at, at + n));
    left -= n;
  }
  return Buffer.concat(parts);
};
const TEXT = ['css', 'js', 'svg', 'json', 'map'];
const BINARY = ['png', 'jpg', 'woff2', 'webp'];

function writeFileAt(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function makeSynthetic(dir) {
  // 10,000 files, about 200 MB: sizes exponential around 20 kB, 55 % text-like
  // (CSS/JS/SVG that gzip shrinks) and 45 % already-compressed images and fonts.
  const files = [];
  for (let i = 0; i < 10_000; i++) {
    const text = rand() < 0.55;
    const ext = text ? TEXT[i % TEXT.length] : BINARY[i % BINARY.length];
    const size = 500 + Math.floor(-Math.log(1 - rand()) * 19_500);
    const path = `app${i % 20}/${text ? 'assets' : 'media'}/${Math.floor(i / 20) % 25}/file-${i}.${ext}`;
    writeFileAt(join(dir, path), text ? textLike(size) : randomBytes(size));
    files.push({ path, text, size });
  }
  return files;
}

function listFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(dir, path);
    const binary = /\.(png|jpg|gif|woff2?|ttf|eot|ico)$/.test(entry.name);
    return [{ path, text: !binary, size: statSync(join(dir, path)).size }];
  });
}

/**
 * B = A with 1 % of files (at least one) rewritten; the rest hard links with the same
 * mtimes — or, with `fresh`, copies with new mtimes, as a fresh collectstatic on a new
 * CI runner leaves them (rsync's size+mtime quick check then matches nothing).
 */
function changeOnePercent(a, b, files, fresh = false) {
  const later = new Date(Date.now() + 3_600_000);
  for (const file of files) {
    mkdirSync(dirname(join(b, file.path)), { recursive: true });
    if (fresh) {
      copyFileSync(join(a, file.path), join(b, file.path));
      utimesSync(join(b, file.path), later, later);
    } else {
      linkSync(join(a, file.path), join(b, file.path));
    }
  }
  const count = Math.max(1, Math.round(files.length / 100));
  const chosen = new Set();
  while (chosen.size < count) chosen.add(files[Math.floor(rand() * files.length)]);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of chosen) {
    const target = join(b, file.path);
    const before = readFileSync(target);
    rmSync(target);
    const content = file.text
      ? Buffer.concat([
          before.subarray(0, before.length >> 1),
          textLike(before.length - (before.length >> 1)),
        ])
      : randomBytes(file.size);
    writeFileSync(target, content);
    gzipBytes += gzipSync(content, { level: 6 }).length;
    rawBytes += content.length;
  }
  return { changed: chosen.size, gzipBytes, rawBytes };
}

// --- The three tools ---
function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}
const remoteSh = (script) => sh('ssh', [...sshArgs, sshTarget, script]);

const tools = {
  tar: async (src, dest) => {
    // scp-action: the whole folder, compressed, every time.
    sh('bash', [
      '-c',
      `set -o pipefail; tar czf - -C "$1" . | ssh ${sshArgs.join(' ')} ${sshTarget} "mkdir -p '$2' && tar xzf - -C '$2'"`,
      'bash',
      src,
      dest,
    ]);
  },
  rsync: async (src, dest) => {
    sh('rsync', [
      '-az',
      '--delete',
      '-e',
      `ssh ${sshArgs.join(' ')}`,
      `${src}/`,
      `${sshTarget}:${dest}/`,
    ]);
  },
  syncStatic: async (src, dest, release) => {
    const remote = await openSession();
    try {
      return await syncStatic({ remote, source: src, target: dest, release, keep: 2, timeoutMs });
    } finally {
      await remote.close();
    }
  },
  // As in the pipeline: the session is already open (the deploy shares it), so
  // its handshake is not part of the upload. Same meter, same interleaving.
  syncStaticShared: (src, dest, release) =>
    syncStatic({ remote: sharedSession, source: src, target: dest, release, keep: 2, timeoutMs }),
};
// A hung run fails (TIMED_OUT, its staged release removed) instead of waiting forever.
const timeoutMs = 10 * 60_000;
const isSyncStatic = (tool) => tool.startsWith('syncStatic');
let sharedSession;
function openSession() {
  return connect({
    target: `ssh://${sshTarget}:${port}`,
    privateKeyPath: env.SSH_KEY_PATH,
    hostKey: { knownHostsFile: knownHosts },
  });
}

async function measure(fn) {
  const before = counters();
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  const after = counters();
  return { ms, up: after.up - before.up, down: after.down - before.down, result };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function benchDataset(name, a, files) {
  const b = join(work, `${name}-b`);
  const change = changeOnePercent(a, b, files);
  const c = join(work, `${name}-c`);
  const fresh = changeOnePercent(b, c, files, true);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  console.log(
    `\n## ${name}: ${files.length} files, ${mb(total)}; re-upload changes ${change.changed} files, ${kb(change.rawBytes)} raw, ${kb(change.gzipBytes)} gzip -6`,
  );
  const rows = Object.fromEntries(Object.keys(tools).map((tool) => [tool, []]));
  const order = Object.keys(tools);
  sharedSession = await openSession();
  for (let run = 0; run < RUNS; run++) {
    const shift = run % order.length;
    for (const tool of order.slice(shift).concat(order.slice(0, shift))) {
      const dest = `${siteRoot}/${name}-${tool}`;
      remoteSh(`rm -rf '${dest}' && mkdir -p '${dest}'`);
      const first = await measure(() =>
        tools[tool](a, isSyncStatic(tool) ? dest : `${dest}/static`, 'a'),
      );
      const again = await measure(() =>
        tools[tool](b, isSyncStatic(tool) ? dest : `${dest}/static`, 'b'),
      );
      const renewed = await measure(() =>
        tools[tool](c, isSyncStatic(tool) ? dest : `${dest}/static`, 'c'),
      );
      rows[tool].push({ first, again, renewed });
      if (tool === 'syncStatic' && run === 0) {
        console.log(
          `  syncStatic re-upload: ${again.result.uploadedFiles} files uploaded, ${again.result.reusedFiles} hard-linked, ${kb(again.result.sentBytes)} written to the channel`,
        );
      }
    }
  }
  await sharedSession.close();
  remoteSh(`rm -rf '${siteRoot}/${name}-'*`);
  const summary = Object.fromEntries(
    Object.entries(rows).map(([tool, list]) => [
      tool,
      {
        firstMs: median(list.map((r) => r.first.ms)),
        firstUp: median(list.map((r) => r.first.up)),
        firstDown: median(list.map((r) => r.first.down)),
        againMs: median(list.map((r) => r.again.ms)),
        againUp: median(list.map((r) => r.again.up)),
        againDown: median(list.map((r) => r.again.down)),
        renewedMs: median(list.map((r) => r.renewed.ms)),
        renewedUp: median(list.map((r) => r.renewed.up)),
        renewedDown: median(list.map((r) => r.renewed.down)),
      },
    ]),
  );
  console.log(
    `  median of ${RUNS} interleaved runs (bytes: IP packets on lo to/from sshd, iptables):`,
  );
  console.log('  tool        first: time    up        down     | re-upload: time  up        down');
  for (const [tool, s] of Object.entries(summary)) {
    console.log(
      `  ${tool.padEnd(11)} ${(s.firstMs / 1000).toFixed(2).padStart(6)} s ${mb(s.firstUp).padStart(9)} ${kb(s.firstDown).padStart(10)} | ${(s.againMs / 1000).toFixed(2).padStart(6)} s ${kb(s.againUp).padStart(10)} ${kb(s.againDown).padStart(10)}`,
    );
  }
  console.log(
    `  re-upload after a fresh collectstatic (all mtimes new, another 1 %: ${fresh.changed} files, ${kb(fresh.gzipBytes)} gzip -6):`,
  );
  for (const [tool, s] of Object.entries(summary)) {
    console.log(
      `  ${tool.padEnd(11)} ${(s.renewedMs / 1000).toFixed(2).padStart(6)} s ${kb(s.renewedUp).padStart(10)} up ${kb(s.renewedDown).padStart(10)} down`,
    );
  }
  const ours = summary.syncStatic;
  console.log(
    `  re-upload bytes up / changed files gzip:    ${(ours.againUp / change.gzipBytes).toFixed(2)}x  (target <= 1.1x)`,
  );
  console.log(
    `  re-upload bytes up+down / changed gzip:     ${((ours.againUp + ours.againDown) / change.gzipBytes).toFixed(2)}x`,
  );
  console.log(
    `  rsync re-upload bytes up / changed gzip:    ${(summary.rsync.againUp / change.gzipBytes).toFixed(2)}x`,
  );
  console.log(
    `  re-upload time / rsync re-upload:           ${(ours.againMs / summary.rsync.againMs).toFixed(2)}x  (target <= 1.2x)`,
  );
  console.log(
    `  re-upload time / tar full copy:             ${(ours.againMs / summary.tar.againMs).toFixed(3)}x  (target <= 0.2x)`,
  );
  console.log(
    `  first upload time / tar, / rsync:           ${(ours.firstMs / summary.tar.firstMs).toFixed(2)}x, ${(ours.firstMs / summary.rsync.firstMs).toFixed(2)}x`,
  );
  const shared = summary.syncStaticShared;
  console.log(
    `  on an open session (the pipeline's case): re-upload bytes up / changed gzip ${(shared.againUp / change.gzipBytes).toFixed(2)}x, time / rsync ${(shared.againMs / summary.rsync.againMs).toFixed(2)}x, time / tar ${(shared.againMs / summary.tar.againMs).toFixed(3)}x, first upload / rsync ${(shared.firstMs / summary.rsync.firstMs).toFixed(2)}x`,
  );
}

cleanups.push(() => rmSync(work, { recursive: true, force: true }));
cleanups.push(() => remoteSh(`rm -rf '${siteRoot}'`));
remoteSh(`mkdir -p '${siteRoot}'`);

if (SETS.includes('admin')) {
  const admin = join(work, 'admin-a');
  execFileSync('cp', ['-rL', ADMIN, admin]);
  await benchDataset('django-admin', admin, listFiles(admin));
}

if (SETS.includes('synthetic')) {
  const synthetic = join(work, 'synthetic-a');
  mkdirSync(synthetic);
  const started = performance.now();
  const syntheticFiles = makeSynthetic(synthetic);
  console.log(
    `\n(generated the synthetic set in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  await benchDataset('synthetic', synthetic, syntheticFiles);
}
console.log(`\nroot: ${root}`);

async function waitForPort(p) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const socket = createConnection(p, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${p}`);
}
cleanup();
