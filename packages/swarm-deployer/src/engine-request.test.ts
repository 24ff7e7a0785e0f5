import { CancelledError, OptionsError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { engineRequest } from './engine-request.js';
import { EngineRequestError } from './errors.js';

describe('engineRequest', () => {
  it('wraps an engine refusal, keeping it as cause, with the engine’s own message', async () => {
    const refusal = Object.assign(new Error('(HTTP code 503) unexpected - '), {
      statusCode: 503,
      json: { message: 'This node is not a swarm manager.' },
    });
    const error = await engineRequest(
      'list the networks',
      () => Promise.reject(refusal),
      undefined,
    ).catch((e: unknown) => e);
    expect(EngineRequestError.hasCode(error, 'DEPLOY_ENGINE_FAILED')).toBe(true);
    expect(error).toMatchObject({
      message: 'Could not list the networks: This node is not a swarm manager.',
      category: 'failed',
      request: 'list the networks',
      cause: refusal,
    });
  });

  it('says unreachable (exit 3) when the socket is missing', async () => {
    const missing = Object.assign(new Error('connect ENOENT /nonexistent.sock'), {
      code: 'ENOENT',
    });
    const error = await engineRequest(
      'list the secrets',
      () => Promise.reject(missing),
      undefined,
    ).catch((e: unknown) => e);
    expect(EngineRequestError.isInstance(error) && error.category).toBe('unreachable');
  });

  it('rejects with the abort’s error at once, and lets core’s own errors through', async () => {
    const aborted = await engineRequest(
      'x',
      () => new Promise(() => {}),
      AbortSignal.abort(),
    ).catch((e: unknown) => e);
    expect(CancelledError.isInstance(aborted)).toBe(true);
    const options = new OptionsError({ field: 'f', message: 'm', hint: 'h' });
    await expect(engineRequest('x', () => Promise.reject(options), undefined)).rejects.toBe(
      options,
    );
  });
});
