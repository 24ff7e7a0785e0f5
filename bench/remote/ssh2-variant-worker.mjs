// One ssh2 variant for bench/remote/ssh2-binding.mjs, run as a child process (started with
// `--require ./ssh2-binding-hook.cjs`, and SSH2_BINDING_DIR for the native one). It holds one
// @swarmlift/remote connection and measures what the parent asks for over IPC, so the parent
// can alternate the two variants call block by call block.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadPackage, loadTestEnv, root } from '../lib/bench-setup.mjs';

const { api } = await loadPackage('remote');
const { connect, connectOptionsFromEnv } = api;
const env = loadTestEnv();
// The very ssh2 instance remote's dist imports (same resolved file, same module cache).
const fromRemote = createRequire(join(root, 'packages', 'remote', 'package.json'));
const ssh2 = fromRemote('ssh2');
const { bindingAvailable } = fromRemote('ssh2/lib/protocol/crypto.js');
const { DEFAULT_CIPHER } = fromRemote('ssh2/lib/protocol/constants.js');

const options = () => ({
  ...connectOptionsFromEnv(
    {
      DOCKER_HOST: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
      SSH_HOST_KEY_FINGERPRINT: env.SSH_HOST_KEY_FINGERPRINT,
    },
    { 'identity-file': env.SSH_KEY_PATH },
  ),
  timeoutMs: 20_000,
});

/** What ssh2 negotiates with sshd under its default algorithm lists (remote only narrows host keys). */
async function negotiated() {
  const { createHash } = await import('node:crypto');
  const { readFileSync } = await import('node:fs');
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let algorithms;
    client.on('handshake', (a) => {
      algorithms = a;
    });
    client.on('ready', () => {
      client.end();
      resolve(
        `kex ${algorithms.kex}, cipher ${algorithms.cs.cipher}, mac ${algorithms.cs.mac || 'implicit (AEAD)'}`,
      );
    });
    client.on('error', reject);
    client.connect({
      host: env.SSH_HOST,
      port: Number(env.SSH_PORT),
      username: env.SSH_USER,
      privateKey: readFileSync(env.SSH_KEY_PATH),
      hostVerifier: (key) =>
        `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` ===
        env.SSH_HOST_KEY_FINGERPRINT,
    });
  });
}

const remote = await connect(options());
const calls = {
  ping: () => remote.docker.ping(),
  listTasks: () => remote.docker.listTasks(),
};
for (const call of Object.values(calls)) for (let i = 0; i < 30; i++) await call();

const ops = {
  async describe() {
    const tasks = await remote.docker.listTasks();
    return {
      bindingAvailable,
      defaultCiphers: DEFAULT_CIPHER.join(','),
      negotiated: await negotiated(),
      listTasksBytes: Buffer.byteLength(JSON.stringify(tasks)),
      transport: remote.dockerTransport,
    };
  },
  /** connect() as every bin does it (handshake, auth, transport chosen), then close. */
  async connect() {
    const started = performance.now();
    const r = await connect(options());
    const ms = performance.now() - started;
    await r.close();
    return ms;
  },
  /** Per-call latencies of `count` calls one after another. */
  async calls({ kind, count }) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await calls[kind]();
      samples.push(performance.now() - started);
    }
    return samples;
  },
  /** Wall time of `count` calls started at once. */
  async concurrent({ kind, count }) {
    const started = performance.now();
    await Promise.all(Array.from({ length: count }, calls[kind]));
    return performance.now() - started;
  },
  async close() {
    await remote.close();
    return null;
  },
};

process.on('message', async ({ id, op, args }) => {
  try {
    process.send({ id, result: await ops[op](args) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
  if (op === 'close') process.disconnect();
});
process.send({ ready: true });
