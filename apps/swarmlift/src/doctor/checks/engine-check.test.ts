import { RemoteError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { engineVerdict } from './engine-check.js';

describe('engineVerdict', () => {
  it('passes for a manager', () => {
    const verdict = engineVerdict({
      ok: true,
      user: 'deploy',
      info: { apiVersion: '1.41', engineVersion: '20.10.24', nodeId: 'n', nodeAddr: 'a' },
    });
    expect(verdict).toMatchObject({ status: 'ok' });
    expect(verdict.message).toContain('swarm manager, and deploy may use it');
  });
  it('not a manager: the engine’s hint', () => {
    const error = new RemoteError({
      code: 'DOCKER_NOT_SWARM_MANAGER',
      message: 'not part of a swarm',
      hint: 'Run docker swarm init',
    });
    expect(engineVerdict({ ok: false, error })).toMatchObject({
      status: 'failed',
      message: '[DOCKER_NOT_SWARM_MANAGER] not part of a swarm',
      hint: 'Run docker swarm init',
    });
  });
  it('an engine that does not answer: the docker group', () => {
    const error = new RemoteError({
      code: 'DOCKER_UNREACHABLE',
      message: 'permission denied',
      hint: 'x',
    });
    expect(engineVerdict({ ok: false, error }).hint).toContain('usermod -aG docker');
  });
});
