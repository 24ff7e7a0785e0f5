import { CancelledError, TimedOutError } from '@swarmlift/core';
import { ImageDigestError, RemoteError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { judgeDigestFailure } from './pin-image.js';

const digestError = (statusCode: number | undefined) =>
  new ImageDigestError({
    image: 'registry.example.com/app:1',
    statusCode,
    message: 'no',
    hint: 'h',
  });

describe('judgeDigestFailure', () => {
  it.each([401, 403, 404])('a registry answer %i means the tag cannot be pulled', (status) => {
    expect(judgeDigestFailure(digestError(status), false)).toBe('missing');
  });

  it('any other registry failure, or a registry that does not answer in time, runs unpinned', () => {
    expect(judgeDigestFailure(digestError(500), false)).toBe('unpinned');
    expect(judgeDigestFailure(digestError(undefined), false)).toBe('unpinned');
    expect(judgeDigestFailure(new TimedOutError({ what: 'x', timeoutMs: 1 }), false)).toBe(
      'unpinned',
    );
  });

  it('an unreachable engine, or a stopped run, is not for this step to decide', () => {
    expect(
      judgeDigestFailure(
        new RemoteError({ code: 'DOCKER_UNREACHABLE', message: 'gone', hint: 'h' }),
        false,
      ),
    ).toBe('rethrow');
    expect(judgeDigestFailure(new CancelledError(), true)).toBe('rethrow');
    expect(judgeDigestFailure(digestError(404), true)).toBe('rethrow');
  });
});
