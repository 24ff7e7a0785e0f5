import { describe, expect, it } from 'vitest';
import { recordDigest, servingDigest, succeeded } from './record-digest.js';
import { APP, digest, record } from './record-fixtures.js';

describe('recordDigest / servingDigest / succeeded', () => {
  it('reads the record digest, else its app service one', () => {
    expect(recordDigest(record(1), APP)).toBe(digest(1));
    const { digest: _d, ...noDigest } = record(2);
    expect(recordDigest(noDigest, APP)).toBe(digest(2));
    expect(recordDigest({ services: [] }, APP)).toBeUndefined();
  });

  it('reads the running digest from the app service spec, never a tag', () => {
    const spec = { Name: APP };
    expect(
      servingDigest(
        {
          stack: 'shop',
          services: [
            { name: APP, id: 'x', version: 3, image: 'reg/app:v1', digest: digest(5), spec },
          ],
        },
        APP,
      ),
    ).toBe(digest(5));
    expect(
      servingDigest(
        {
          stack: 'shop',
          services: [{ name: APP, id: 'x', version: 3, image: 'reg/app:v1', spec }],
        },
        APP,
      ),
    ).toBeUndefined();
  });

  it('counts only deployed as a success', () => {
    expect(succeeded({ outcome: 'deployed' })).toBe(true);
    for (const outcome of ['failed', 'rolled_back', 'cancelled', 'timed_out', 'unchanged'] as const)
      expect(succeeded({ outcome })).toBe(false);
  });
});
