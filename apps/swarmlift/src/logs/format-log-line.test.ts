import type { ServiceLogLine } from '@swarmlift/stack-waiter';
import { describe, expect, it } from 'vitest';
import { formatLogLine, logLinePrefix, logLineRecord } from './format-log-line.js';

const line: ServiceLogLine = {
  service: 'shop_django',
  taskId: 'kvojy7xgseqasbv06efvtagar',
  slot: 2,
  nodeId: 'rfo8joa6uti5oi6n97d7kdogi',
  node: 'manager-1',
  stream: 'stderr',
  time: '2026-11-28T18:42:24.207789705Z',
  text: 'GET /healthz 200',
};

describe('log lines', () => {
  it('prefix: service.slot@node; with --task the short task id; global tasks have no slot', () => {
    expect(logLinePrefix(line, 'django', false)).toBe('django.2@manager-1');
    expect(logLinePrefix(line, 'django', true)).toBe('django.2.kvojy7xgseqa@manager-1');
    expect(logLinePrefix({ ...line, slot: undefined }, 'agent', false)).toBe('agent@manager-1');
    expect(logLinePrefix({ ...line, node: undefined }, 'django', false)).toBe(
      'django.2@rfo8joa6uti5',
    );
  });

  it('a human line pads the prefix to the column', () => {
    expect(formatLogLine('edge.1@vm', 18, 'hello')).toBe('edge.1@vm          | hello');
  });

  it('a --json line has every field, null when unknown', () => {
    expect(logLineRecord({ ...line, taskId: undefined, node: undefined }, 'django')).toEqual({
      type: 'log',
      service: 'django',
      fullName: 'shop_django',
      taskId: null,
      slot: 2,
      node: null,
      nodeId: 'rfo8joa6uti5oi6n97d7kdogi',
      stream: 'stderr',
      time: '2026-11-28T18:42:24.207789705Z',
      line: 'GET /healthz 200',
    });
  });
});
