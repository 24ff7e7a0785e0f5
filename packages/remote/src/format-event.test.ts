import { describe, expect, it } from 'vitest';
import type { RemoteEvent } from './events.js';
import { formatEvent } from './format-event.js';

describe('formatEvent', () => {
  it('prints one line per shown event and nothing for quiet ones', () => {
    const lines = (
      [
        {
          type: 'ssh_connected',
          host: '10.0.0.5',
          port: 22,
          user: 'deploy',
          fingerprint: 'SHA256:x',
          keyType: 'ssh-ed25519',
        },
        { type: 'docker_transport', transport: 'stream-local', fallbackReason: undefined },
        {
          type: 'docker_transport',
          transport: 'dial-stdio',
          fallbackReason: 'sshd refused\nsecond line',
        },
        { type: 'ssh_connection_lost', message: 'reset' },
        { type: 'ssh_reconnected' },
        { type: 'ssh_closed' },
        {
          type: 'lock_acquired',
          stack: 'app',
          purpose: 'deploy',
          lock: 'swarmlift-lock.app.deploy',
          owner: 'ci-1',
          expiresAt: '2026-11-28T13:15:00.000Z',
          tookOverExpired: false,
        },
        {
          type: 'lock_renewed',
          stack: 'app',
          purpose: 'deploy',
          lock: 'swarmlift-lock.app.deploy',
          expiresAt: 'x',
        },
        {
          type: 'lock_released',
          stack: 'app',
          purpose: 'deploy',
          lock: 'swarmlift-lock.app.deploy',
        },
        {
          type: 'warning',
          code: 'LOCK_TAKEN_OVER',
          message: 'Took over the lock of crashed-run',
          stack: 'app',
          purpose: 'deploy',
          lock: 'swarmlift-lock.app.deploy',
          previousOwner: 'crashed-run',
          expiredAt: 'x',
        },
      ] satisfies RemoteEvent[]
    ).map(formatEvent);
    expect(lines).toEqual([
      'connected to deploy@10.0.0.5:22 (host key ssh-ed25519 SHA256:x)',
      undefined,
      'Docker API over dial-stdio: sshd refused …',
      'SSH connection lost: reset',
      'SSH connection re-established',
      undefined,
      'lock deploy of stack app taken by ci-1 (expires 2026-11-28T13:15:00.000Z unless renewed)',
      undefined,
      'lock deploy of stack app released',
      'warning [LOCK_TAKEN_OVER] stack app: Took over the lock of crashed-run',
    ]);
    for (const line of lines) if (line !== undefined) expect(line).not.toMatch(/\n$/);
  });

  it('says a manual lock is held until released', () => {
    expect(
      formatEvent({
        type: 'lock_acquired',
        stack: 'app',
        purpose: 'deploy',
        lock: 'swarmlift-lock.app.deploy',
        owner: 'ana@laptop',
        expiresAt: 'never',
        tookOverExpired: false,
      }),
    ).toBe('lock deploy of stack app taken by hand by ana@laptop (held until released)');
  });
});
