import { describe, expect, it } from 'vitest';
import { engineMessage, engineStatusCode, isEngineUnreachable } from './engine-errors.js';

// Shapes as docker-modem builds them: statusCode, reason and the engine's JSON body on `json`.
function modemError(statusCode: number, json: unknown, reason = 'server error') {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${reason} - ...`), {
    statusCode,
    json,
    reason,
  });
}

describe('engine errors', () => {
  it('reads the status and the engine message from every body form', () => {
    expect(engineStatusCode(modemError(404, { message: 'no such service' }))).toBe(404);
    expect(engineMessage(modemError(404, { message: 'no such service: web ' }))).toBe(
      'no such service: web',
    );
    expect(engineMessage(modemError(500, Buffer.from('{"message":"rpc error"}')))).toBe(
      'rpc error',
    );
    expect(engineMessage(modemError(500, Buffer.from('plain text')))).toBe('plain text');
    expect(engineMessage(modemError(409, 'name conflicts'))).toBe('name conflicts');
    expect(engineMessage(new Error('socket hang up'))).toBe('socket hang up');
    expect(engineMessage('text')).toBe('text');
    expect(engineStatusCode(new Error('x'))).toBeUndefined();
  });

  it('tells an unreachable engine from an engine that answered', () => {
    expect(
      isEngineUnreachable(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' })),
    ).toBe(true);
    expect(isEngineUnreachable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isEngineUnreachable({ category: 'unreachable', code: 'SSH_CONNECTION_LOST' })).toBe(
      true,
    );
    expect(isEngineUnreachable(modemError(500, { message: 'x' }))).toBe(false);
    expect(isEngineUnreachable(new Error('other'))).toBe(false);
  });
});
