import { describe, expect, it } from 'vitest';
import type { MigratorEvent } from './events.js';
import { formatEvent } from './format-event.js';

const line = (event: MigratorEvent) => formatEvent(event);

describe('formatEvent', () => {
  it('one line per step of a run, the command quoted', () => {
    expect(
      line({
        type: 'one_off_created',
        mode: 'job',
        stack: 'shop',
        service: 'shop_migrate-abc123',
        serviceId: 'id1',
        image: 'r/shop:1',
        command: ['sh', '-c', 'echo a; exit 1'],
        envKeys: ['SECRET_KEY'],
        networks: ['shop_default'],
      }),
    ).toBe(`job shop_migrate-abc123 created: sh -c 'echo a; exit 1'`);
    expect(
      line({
        type: 'one_off_finished',
        mode: 'container',
        container: 'shop_migrate-abc123',
        exitCode: 0,
        durationMs: 1_234,
      }),
    ).toBe('container shop_migrate-abc123 exited with code 0 after 1.2 s');
    expect(line({ type: 'one_off_removed', mode: 'job', service: 'shop_migrate-abc123' })).toBe(
      'job shop_migrate-abc123 removed',
    );
    expect(line({ type: 'network_created', stack: 'shop', network: 'shop_default' })).toBe(
      'network shop_default created for stack shop',
    );
    expect(
      line({ type: 'image_resolved', image: 'r/shop:1', digest: 'sha256:abc', pinned: 'x' }),
    ).toBe('image r/shop:1 pinned to sha256:abc');
    expect(line({ type: 'image_pulled', image: 'r/shop:1', durationMs: 850 })).toBe(
      'pulled r/shop:1 in 850 ms',
    );
  });

  it('shows a task running or failing, and keeps the other states quiet', () => {
    const task = {
      type: 'task_state' as const,
      service: 'shop_migrate-abc123',
      taskId: 't1',
      desiredState: 'running',
    };
    expect(line({ ...task, state: 'running', node: 'manager1' })).toBe(
      'job shop_migrate-abc123 running on manager1',
    );
    expect(line({ ...task, state: 'rejected', error: 'No such image: r/shop:1\nmore' })).toBe(
      'job shop_migrate-abc123 rejected: No such image: r/shop:1 …',
    );
    expect(line({ ...task, state: 'pending' })).toBeUndefined();
    expect(line({ ...task, state: 'complete' })).toBeUndefined();
  });

  it('prints warnings and the lock the core way', () => {
    expect(
      line({
        type: 'warning',
        code: 'ONE_OFF_CLEANUP_FAILED',
        message: 'Could not clean up after x: gone',
        service: 'shop_migrate-abc123',
      }),
    ).toBe(
      'warning [ONE_OFF_CLEANUP_FAILED] service shop_migrate-abc123: Could not clean up after x: gone',
    );
    expect(
      line({
        type: 'lock_acquired',
        stack: 'shop',
        purpose: 'deploy',
        lock: 'l',
        owner: 'ci',
        expiresAt: '2026-11-28T14:00:00Z',
        tookOverExpired: false,
      }),
    ).toContain('stack shop');
  });
});
