import { exitCodeOf } from '@swarmlift/core';
import { RemoteError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { staticHostsError } from './static-hosts-error.js';

const refused = new RemoteError({
  code: 'SSH_CONNECT_FAILED',
  message: 'Cannot connect to deploy@w2:22: connection refused.',
  hint: 'h',
});

describe('staticHostsError', () => {
  it('names each unreachable host and exits 3', () => {
    const error = staticHostsError({
      stage: 'connect',
      failures: [{ host: 'deploy@w2:22', reason: 'connection refused', error: refused }],
    });
    expect(error.code).toBe('CLI_STATIC_HOST_FAILED');
    expect(exitCodeOf(error)).toBe(3);
    expect(error.message).toBe(
      'Cannot reach a static host; nothing was uploaded and no link was switched:\n  deploy@w2:22: connection refused',
    );
    expect(error.hint).toContain('STATIC_HOSTS');
  });

  it('exits 1 when a host failed for another reason than being unreachable', () => {
    const error = staticHostsError({
      stage: 'upload',
      release: 'abc1234',
      hosts: 3,
      failures: [
        { host: 'deploy@w1:22', reason: 'connection refused', error: refused },
        { host: 'deploy@w2:22', reason: 'disk full', error: new Error('No space left on device') },
      ],
    });
    expect(exitCodeOf(error)).toBe(1);
    expect(error.message).toMatch(
      /^Release abc1234 reached 1 of 3 static hosts; no link was switched:/,
    );
    expect(error.message).toContain('  deploy@w2:22: disk full');
  });

  it('after a failed switch says whether the switched hosts were put back', () => {
    const failures = [{ host: 'deploy@w2:22', reason: 'connection lost', error: refused }];
    const back = staticHostsError({
      stage: 'switch',
      release: 'abc1234',
      failures,
      putBack: [{ host: 'deploy@w1:22', ok: true }],
    });
    expect(back.message).toContain('(deploy@w1:22) were put back on their previous release');
    const stuck = staticHostsError({
      stage: 'switch',
      release: 'abc1234',
      failures,
      putBack: [{ host: 'deploy@w1:22', ok: false }],
    });
    expect(stuck.message).toContain(
      'could not be put back and serve the new release: deploy@w1:22',
    );
    expect(stuck.hint).toContain('swarmlift status');
  });
});
