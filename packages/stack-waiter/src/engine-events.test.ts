import { describe, expect, it } from 'vitest';
import { isRelevantEvent } from './engine-events.js';

const ids = new Set(['svc1']);
const container = (Action: string, serviceId: string) => ({
  Type: 'container',
  Action,
  Actor: { ID: 'c', Attributes: { 'com.docker.swarm.service.id': serviceId } },
});

describe('isRelevantEvent', () => {
  it("keeps the stack's service events and its task containers' events", () => {
    expect(isRelevantEvent({ Type: 'service', Action: 'update', Actor: { ID: 'svc1' } }, ids)).toBe(
      true,
    );
    expect(isRelevantEvent(container('die', 'svc1'), ids)).toBe(true);
    expect(isRelevantEvent(container('health_status: healthy', 'svc1'), ids)).toBe(true);
  });

  it('drops other services, healthcheck execs and other event types', () => {
    expect(isRelevantEvent({ Type: 'service', Action: 'update', Actor: { ID: 'svc2' } }, ids)).toBe(
      false,
    );
    expect(isRelevantEvent(container('die', 'svc2'), ids)).toBe(false);
    expect(isRelevantEvent(container('exec_start: /bin/sh -c true', 'svc1'), ids)).toBe(false);
    expect(isRelevantEvent({ Type: 'network', Action: 'connect' }, ids)).toBe(false);
  });
});
