import { describe, expect, it } from 'vitest';
import { imageRef, parseImageRef } from './image-ref.js';

describe('imageRef', () => {
  it('builds the guide reference', () => {
    expect(
      imageRef({
        registry: 'ghcr.io',
        imageName: 'owner/repo',
        component: 'django-app',
        tag: 'abc1234',
      }),
    ).toEqual({
      ref: 'ghcr.io/owner/repo/django-app:abc1234',
      name: 'ghcr.io/owner/repo/django-app',
      registry: 'ghcr.io',
      repository: 'owner/repo/django-app',
      tag: 'abc1234',
    });
    expect(imageRef({ registry: 'https://127.0.0.1:5000/', imageName: 'x', tag: 't' }).ref).toBe(
      '127.0.0.1:5000/x:t',
    );
  });

  it('rejects upper case and shows the fixed name', () => {
    expect(() =>
      imageRef({
        registry: 'ghcr.io',
        imageName: 'Owner/Repo',
        component: 'django-app',
        tag: 'abc1234',
      }),
    ).toThrow(/Use "owner\/repo\/django-app"/);
  });

  it.each([
    [{ registry: 'ghcr.io/path', imageName: 'a', tag: 't' }, /registry/],
    [{ registry: 'ghcr.io', imageName: 'a b', tag: 't' }, /component "a b"/],
    [{ registry: 'ghcr.io', imageName: 'a--', tag: 't' }, /component/],
    [{ registry: 'ghcr.io', imageName: '', tag: 't' }, /empty/],
    [{ registry: 'ghcr.io', imageName: 'a', tag: '-x' }, /tag/],
    [{ registry: 'ghcr.io', imageName: 'a', tag: 'x'.repeat(129) }, /tag/],
  ])('rejects %j', (options, message) => {
    expect(() => imageRef(options)).toThrow(
      expect.objectContaining({
        code: 'IMAGE_REF_INVALID',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('parseImageRef', () => {
  it('splits references as the engine does', () => {
    expect(parseImageRef('127.0.0.1:5000/a/b:v1')).toMatchObject({
      registry: '127.0.0.1:5000',
      repository: 'a/b',
      tag: 'v1',
    });
    expect(parseImageRef('localhost/a')).toMatchObject({
      registry: 'localhost',
      repository: 'a',
      tag: 'latest',
    });
    expect(parseImageRef('busybox')).toMatchObject({
      registry: 'docker.io',
      repository: 'library/busybox',
    });
    expect(parseImageRef('ghcr.io/o/r@sha256:abc')).toMatchObject({
      repository: 'o/r',
      digest: 'sha256:abc',
    });
  });
});
