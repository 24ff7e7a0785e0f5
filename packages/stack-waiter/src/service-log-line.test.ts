import { describe, expect, it } from 'vitest';
import { parseServiceLogLine } from './service-log-line.js';

describe('parseServiceLogLine', () => {
  it('takes the time and the swarm details off the line', () => {
    expect(
      parseServiceLogLine(
        '2026-11-28T18:15:47.599480180Z com.docker.swarm.node.id=rfo8,com.docker.swarm.service.id=mjyc,com.docker.swarm.task.id=r27m 127.0.0.1 - - "GET /healthz" 200',
      ),
    ).toEqual({
      time: '2026-11-28T18:15:47.599480180Z',
      nodeId: 'rfo8',
      serviceId: 'mjyc',
      taskId: 'r27m',
      text: '127.0.0.1 - - "GET /healthz" 200',
    });
  });

  it('keeps text that merely looks like key=value, and URL-decodes details', () => {
    expect(parseServiceLogLine('2026-11-28T18:15:47Z a=b c').text).toBe('a=b c');
    expect(
      parseServiceLogLine('2026-11-28T18:15:47Z com.docker.swarm.task.id=t%2B1,x=y%20z ').taskId,
    ).toBe('t+1');
    expect(parseServiceLogLine('2026-11-28T18:15:47Z com.docker.swarm.task.id=t1 ').text).toBe('');
  });

  it('a line without time or details is all text', () => {
    expect(parseServiceLogLine('plain line')).toEqual({
      time: undefined,
      taskId: undefined,
      nodeId: undefined,
      serviceId: undefined,
      text: 'plain line',
    });
  });
});
