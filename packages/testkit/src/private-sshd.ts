import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestEnv } from './test-env.js';

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface PrivateSshd {
  port: number;
  /** One entry per host key: its type as OpenSSH names it, SHA256 fingerprint and known_hosts line. */
  hostKeys: Array<{ type: string; fingerprint: string; knownHostsLine: string }>;
  /** How many connections sshd accepted a public key on so far (from its VERBOSE log). */
  acceptedConnections(): Promise<number>;
  /** How many lines of sshd's log contain `text`. */
  countLogLines(text: string): Promise<number>;
  /** SIGKILLs every per-connection sshd process (the daemon keeps listening). */
  killSessions(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts a throw-away sshd on 127.0.0.1 for tests that must change sshd
 * settings, count its connections or kill them: same `deploy` user and
 * authorized key as the shared test environment, its own host keys, port and log.
 */
export async function startPrivateSshd(
  env: TestEnv,
  options: {
    hostKeyTypes?: HostKeyType[];
    allowStreamLocalForwarding?: boolean;
    maxSessions?: number;
    /** Public key lines to accept instead of the deploy user's own authorized_keys. */
    authorizedKeys?: string[];
    /** sshd's LogLevel; DEBUG1 logs every channel it opens. Default VERBOSE. */
    logLevel?: 'VERBOSE' | 'DEBUG1';
    /** More sshd_config lines, e.g. `SetEnv PATH=/a/folder` for a server without some tool. */
    extraConfig?: string[];
  } = {},
): Promise<PrivateSshd> {
  const dir = await mkdtemp(join(tmpdir(), 'sltest-sshd-'));
  // sshd reads AuthorizedKeysFile as the user, so the folder must be readable by it.
  await chmod(dir, 0o755);
  let authorizedKeysFile = '.ssh/authorized_keys';
  if (options.authorizedKeys) {
    authorizedKeysFile = join(dir, 'authorized_keys');
    await writeFile(authorizedKeysFile, `${options.authorizedKeys.join('\n')}\n`, { mode: 0o644 });
  }
  const types = options.hostKeyTypes ?? ['ed25519'];
  const hostKeys: PrivateSshd['hostKeys'] = [];
  const port = await freePort();
  for (const type of types) {
    const file = join(dir, `host_${type}`);
    await execa('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'sltest-host', '-f', file]);
    const [keyType = '', base64 = ''] = (await readFile(`${file}.pub`, 'utf8')).trim().split(/\s+/);
    const { stdout } = await execa('ssh-keygen', ['-lf', `${file}.pub`]);
    hostKeys.push({
      type: keyType,
      fingerprint: stdout.split(/\s+/)[1] ?? '',
      knownHostsLine: `[127.0.0.1]:${port} ${keyType} ${base64}`,
    });
  }
  const config = [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    ...types.map((type) => `HostKey ${join(dir, `host_${type}`)}`),
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    `AuthorizedKeysFile ${authorizedKeysFile}`,
    // The temp folder lives under /tmp, which StrictModes rejects for key files.
    'StrictModes no',
    `AllowUsers ${env.SSH_USER}`,
    `AllowStreamLocalForwarding ${options.allowStreamLocalForwarding === false ? 'no' : 'yes'}`,
    `MaxSessions ${options.maxSessions ?? 10}`,
    `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
    'Subsystem sftp internal-sftp',
    ...(options.extraConfig ?? []),
  ].join('\n');
  const configFile = join(dir, 'sshd_config');
  const logFile = join(dir, 'sshd.log');
  await writeFile(configFile, `${config}\n`, { mode: 0o600 });
  await execa('/usr/sbin/sshd', ['-t', '-f', configFile]);
  // setpriv --pdeathsig: a test process that dies before stop() (a timeout, a killed
  // worker) takes the daemon with it instead of leaving it listening.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'KILL', '/usr/sbin/sshd', '-D', '-E', logFile, '-f', configFile],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10_000);

  const countLines = async (text: string) => {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    return log.split('\n').filter((line) => line.includes(text)).length;
  };
  const descendants = async (pid: number): Promise<number[]> => {
    const { stdout } = await execa('pgrep', ['-P', String(pid)], { reject: false });
    const children = stdout.split('\n').filter(Boolean).map(Number);
    return [...children, ...(await Promise.all(children.map(descendants))).flat()];
  };

  return {
    port,
    hostKeys,
    acceptedConnections() {
      return countLines('Accepted publickey');
    },
    countLogLines(text) {
      return countLines(text);
    },
    async killSessions() {
      const pids = child.pid ? await descendants(child.pid) : [];
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return pids.length;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const pids = child.pid ? await descendants(child.pid) : [];
        for (const pid of pids) process.kill(pid, 'SIGKILL');
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
