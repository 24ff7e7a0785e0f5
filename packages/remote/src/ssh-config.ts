import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { RemoteError } from './errors.js';

/** What `~/.ssh/config` says about one Host alias. */
export interface SshConfigResult {
  hostName: string | undefined;
  user: string | undefined;
  port: number | undefined;
  identityFiles: string[];
  userKnownHostsFiles: string[];
}

export const DEFAULT_SSH_CONFIG = join(homedir(), '.ssh', 'config');

/**
 * Looks a host up in an OpenSSH client config (Host blocks, first value wins,
 * as ssh does) for HostName, User, Port, IdentityFile and UserKnownHostsFile.
 * `~` and the tokens `%d %u %h %r %p %%` are expanded. A missing file is empty.
 */
export async function resolveSshConfig(options: {
  host: string;
  configPath?: string;
  user?: string | undefined;
  port?: number | undefined;
}): Promise<SshConfigResult> {
  const configPath = options.configPath ?? DEFAULT_SSH_CONFIG;
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') text = '';
    else {
      throw new RemoteError({
        code: 'REMOTE_TARGET_INVALID',
        message: `Cannot read the SSH config ${configPath}: ${(error as Error).message}`,
        hint: 'Check the file permissions, or turn useSshConfig off.',
        cause: error,
      });
    }
  }
  const computed = SSHConfig.parse(text).compute(options.host);
  const first = (key: string): string | undefined => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const all = (key: string): string[] => {
    const value = computed[key];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  };

  const hostName = first('HostName');
  const user = options.user ?? first('User');
  const rawPort = first('Port');
  const port =
    options.port ?? (rawPort !== undefined && /^\d+$/.test(rawPort) ? Number(rawPort) : undefined);
  const tokens = {
    d: homedir(),
    u: userInfo().username,
    h: hostName ?? options.host,
    r: user ?? userInfo().username,
    p: String(port ?? 22),
  };
  return {
    hostName:
      hostName === undefined ? undefined : expand(hostName.replaceAll('%h', options.host), tokens),
    user,
    port,
    identityFiles: all('IdentityFile').map((file) => expand(file, tokens)),
    userKnownHostsFiles: all('UserKnownHostsFile').map((file) => expand(file, tokens)),
  };
}

function expand(value: string, tokens: Record<string, string>): string {
  const withTokens = value.replace(/%([%a-z])/g, (whole, token: string) =>
    token === '%' ? '%' : (tokens[token] ?? whole),
  );
  return withTokens.startsWith('~/') ? join(homedir(), withTokens.slice(2)) : withTokens;
}
