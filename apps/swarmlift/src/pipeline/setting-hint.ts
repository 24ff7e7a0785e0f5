import { SwarmliftError } from '@swarmlift/core';

/**
 * The packages' hints speak of options (`hostKey`, `credentials`); the CLI's
 * users set environment variables. For the errors a setting causes, one more
 * line naming the setting and what to do about it.
 */
export function settingHint(error: unknown): string | undefined {
  if (!SwarmliftError.isInstance(error)) return undefined;
  switch (error.code) {
    case 'SSH_HOST_KEY_UNKNOWN': {
      const offered = /SHA256:[A-Za-z0-9+/]+/.exec(error.message)?.[0];
      return `SSH_HOST_KEY: no host key is pinned. Check the server's key on the server itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and, if it is ${offered ?? 'the one offered above'}, set SSH_HOST_KEY=${offered ?? 'SHA256:…'} (a secret in your CI). ssh-keyscan is not a pin: it trusts whatever answers.`;
    }
    case 'SSH_HOST_KEY_MISMATCH':
      return 'SSH_HOST_KEY: the server offered a different key than the one pinned. If the server was rebuilt, check its new key on the server and update SSH_HOST_KEY; otherwise do not connect: someone may be in between.';
    case 'SSH_AUTH_FAILED':
      return 'SSH_PRIVATE_KEY / SSH_USER: the server refused the key. Check that SSH_PRIVATE_KEY holds the private key whose public half is in ~SSH_USER/.ssh/authorized_keys on the manager.';
    case 'REGISTRY_AUTH_FAILED':
    case 'REGISTRY_CREDENTIALS_INVALID':
      return 'REGISTRY_USERNAME / REGISTRY_PASSWORD (default GITHUB_ACTOR / GITHUB_TOKEN): the registry refused them. Check both; for ghcr.io the token needs packages: write.';
    default:
      return undefined;
  }
}
