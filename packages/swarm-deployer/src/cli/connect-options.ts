import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectOptions } from '@swarmlift/remote';
import type { SshFlags } from './parse-args.js';

/**
 * How the bin reaches the engine, like the Docker CLI: DOCKER_HOST
 * (`ssh://` or `unix://`), OpenSSH's ~/.ssh/config and known_hosts. The
 * host key is always verified: --ssh-host-key / SSH_HOST_KEY (a fingerprint
 * or known_hosts lines), --known-hosts, or the known_hosts files ssh uses.
 */
export async function connectOptionsFor(
  flags: SshFlags,
  env: Record<string, string | undefined>,
): Promise<ConnectOptions> {
  const target = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  const options: ConnectOptions = { target, env };
  if (!target.startsWith('ssh://')) return options;
  options.useSshConfig = true;
  const pin = flags.hostKey ?? env.SSH_HOST_KEY;
  options.hostKey = {};
  if (pin) {
    if (/^(SHA256:|\d+ SHA256:)/.test(pin.trim())) options.hostKey.fingerprint = pin.trim();
    else options.hostKey.knownHosts = pin;
  }
  if (flags.knownHosts) options.hostKey.knownHostsFile = flags.knownHosts;
  // An explicit pin is the only one: a known_hosts file must not vouch for a key the pin refuses.
  else if (pin) options.hostKey.knownHostsFile = [];
  if (flags.identityFile) options.privateKeyPath = flags.identityFile;
  else if (env.SSH_PRIVATE_KEY) options.privateKey = env.SSH_PRIVATE_KEY;
  else if (env.SSH_AUTH_SOCK) options.agent = true;
  else if (!(await exists(join(env.HOME || homedir(), '.ssh', 'config')))) {
    // ssh's own default keys; with a ~/.ssh/config, its IdentityFile decides (read by @swarmlift/remote).
    const home = env.HOME || homedir();
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const path = join(home, '.ssh', name);
      if (await exists(path)) {
        options.privateKeyPath = path;
        break;
      }
    }
  }
  return options;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
