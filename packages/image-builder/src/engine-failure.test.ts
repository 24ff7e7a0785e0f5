import { CancelledError, OptionsError, SwarmliftError, TimedOutError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { engineFailure } from './engine-failure.js';
import { ImageBuildError, ImageBuilderError } from './errors.js';

const otherwise = (cause: unknown) =>
  new ImageBuildError({ reason: `refused: ${String(cause)}`, output: [], cause });

describe('engineFailure', () => {
  it('an aborted signal wins: its TimedOutError, or a CancelledError', () => {
    const controller = new AbortController();
    const timedOut = new TimedOutError({ what: 'Building x', timeoutMs: 5 });
    controller.abort(timedOut);
    expect(
      engineFailure(new Error('aborted'), {
        signal: controller.signal,
        action: 'build x',
        otherwise,
      }),
    ).toBe(timedOut);
    const cancelled = new AbortController();
    cancelled.abort();
    expect(
      CancelledError.isInstance(
        engineFailure(new Error('x'), { signal: cancelled.signal, action: 'build x', otherwise }),
      ),
    ).toBe(true);
  });

  it('passes this package’s and core’s errors as they are', () => {
    const own = new ImageBuildError({ reason: 'r', output: [] });
    const options = new OptionsError({ field: 'f', message: 'm', hint: 'h' });
    for (const error of [own, options])
      expect(engineFailure(error, { signal: undefined, action: 'a', otherwise })).toBe(error);
  });

  it('wraps an unreachable engine — a socket error or a RemoteError — as IMAGE_ENGINE_UNREACHABLE', () => {
    const socket = Object.assign(new Error('connect ENOENT /nope.sock'), { code: 'ENOENT' });
    class FakeRemoteError extends SwarmliftError<'SSH_CLOSED'> {
      static override readonly brand = 'swarmlift/remote/FakeRemoteError';
    }
    const closed = new FakeRemoteError({
      code: 'SSH_CLOSED',
      message: 'The SSH session was closed',
      hint: 'h',
      category: 'unreachable',
    });
    for (const cause of [socket, closed]) {
      const error = engineFailure(cause, { signal: undefined, action: 'build x', otherwise });
      expect(ImageBuilderError.hasCode(error, 'IMAGE_ENGINE_UNREACHABLE')).toBe(true);
      expect(error).toMatchObject({ category: 'unreachable', cause });
      expect(error.message).toMatch(/cannot be reached to build x/);
    }
  });

  it('hands anything else to `otherwise`, keeping it as cause', () => {
    const refused = Object.assign(new Error('(HTTP code 500) server error'), {
      statusCode: 500,
      json: { message: 'no space left' },
    });
    const error = engineFailure(refused, { signal: undefined, action: 'build x', otherwise });
    expect(ImageBuildError.isInstance(error)).toBe(true);
    expect(error.cause).toBe(refused);
  });
});
