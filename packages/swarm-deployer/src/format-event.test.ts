import { describe, expect, it } from 'vitest';
import type { DeployEvent } from './events.js';
import { formatEvent } from './format-event.js';

describe('formatEvent', () => {
  it('prints one line per shown event, nothing for unchanged services', () => {
    const events: DeployEvent[] = [
      { type: 'network_created', stack: 's', network: 's_default' },
      { type: 'service_updated', stack: 's', service: 's_web', serviceId: 'abc', versionBefore: 3 },
      { type: 'service_unchanged', stack: 's', service: 's_worker', serviceId: 'def' },
      { type: 'service_update_retried', stack: 's', service: 's_web', attempt: 1 },
      { type: 'plan_applied', stack: 's', changed: 2, removed: 1, durationMs: 1500 },
      {
        type: 'deploy_recorded',
        stack: 's',
        id: '20261128T153913253992Z-a1b2c3',
        record: 'swarmlift-deploy.s.20261128T153913253992Z-a1b2c3',
        bytes: 14_200,
        specsDropped: false,
      },
      { type: 'deploy_record_removed', stack: 's', id: 'old', record: 'swarmlift-deploy.s.old' },
      {
        type: 'warning',
        code: 'CLEANUP_FAILED',
        message: 'Could not remove the network s_old: in use',
        stack: 's',
      },
    ];
    expect(events.map(formatEvent)).toEqual([
      'Creating network s_default',
      'Updating service s_web (id: abc)',
      undefined,
      'Service s_web changed meanwhile; updating again (attempt 2)',
      'Applied stack s: 2 service(s) created or updated, 1 removed, in 1.5 s',
      'Recorded deploy 20261128T153913253992Z-a1b2c3 of stack s (14.2 kB)',
      undefined,
      'warning [CLEANUP_FAILED] stack s: Could not remove the network s_old: in use',
    ]);
  });
});
