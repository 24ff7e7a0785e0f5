import { describe, expect, it } from 'vitest';
import {
  buildImageReference,
  familiarName,
  formatImageReference,
  ImageReferenceError,
  parseImageReference,
  registryOf,
  tryParseImageReference,
} from './image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it.each([
    ['busybox', { registry: 'docker.io', repository: 'library/busybox' }],
    ['busybox:1.36', { registry: 'docker.io', repository: 'library/busybox', tag: '1.36' }],
    ['owner/app', { registry: 'docker.io', repository: 'owner/app' }],
    ['index.docker.io/owner/app', { registry: 'docker.io', repository: 'owner/app' }],
    [
      '127.0.0.1:5000/a/b:1a2b3c4',
      { registry: '127.0.0.1:5000', repository: 'a/b', tag: '1a2b3c4' },
    ],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [`ghcr.io/o/r@${DIGEST}`, { registry: 'ghcr.io', repository: 'o/r', digest: DIGEST }],
    [
      `ghcr.io/o/r:v1@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'o/r', tag: 'v1', digest: DIGEST },
    ],
  ])('parses %s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
    expect(tryParseImageReference(text)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    [' busybox', /spaces/],
    ['Owner/App', /upper-case letters/],
    ['ghcr.io/o/r:-bad', /tag "-bad"/],
    ['ghcr.io/o/r@sha256:short', /digest/],
    ['ghcr.io/o//r', /component ""/],
    ['bad_host:5000/x', /registry "bad_host:5000"/],
  ])('refuses %j, naming the field', (text, pattern) => {
    expect(tryParseImageReference(text)).toBeUndefined();
    try {
      parseImageReference(text, 'services.web.image');
      expect.unreachable();
    } catch (error) {
      expect(ImageReferenceError.isInstance(error)).toBe(true);
      expect((error as ImageReferenceError).field).toBe('services.web.image');
      expect((error as Error).message).toMatch(pattern);
      expect((error as ImageReferenceError).code).toBe('IMAGE_REF_INVALID');
    }
  });

  it('formats familiar names as the CLI does', () => {
    expect(familiarName({ registry: 'docker.io', repository: 'library/busybox' })).toBe('busybox');
    expect(familiarName({ registry: 'docker.io', repository: 'o/r' })).toBe('o/r');
    expect(formatImageReference(parseImageReference(`ghcr.io/o/r:v1@${DIGEST}`))).toBe(
      `ghcr.io/o/r:v1@${DIGEST}`,
    );
    expect(registryOf('busybox')).toBe('docker.io');
    expect(registryOf('127.0.0.1:5000/x')).toBe('127.0.0.1:5000');
  });

  it('builds the guide image reference and names the setting at fault', () => {
    expect(
      buildImageReference({
        registry: 'https://ghcr.io/',
        imageName: 'owner/repo',
        component: 'django-app',
        tag: '1a2b3c4',
      }),
    ).toEqual({
      registry: 'ghcr.io',
      repository: 'owner/repo/django-app',
      tag: '1a2b3c4',
      name: 'ghcr.io/owner/repo/django-app',
      ref: 'ghcr.io/owner/repo/django-app:1a2b3c4',
    });
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return ImageReferenceError.isInstance(error) ? error.field : 'not an ImageReferenceError';
      }
      return 'no error';
    };
    expect(
      fieldOf(() => buildImageReference({ registry: 'ghcr.io/x y', imageName: 'a', tag: 't' })),
    ).toBe('registry');
    expect(
      fieldOf(() =>
        buildImageReference({ registry: 'ghcr.io', imageName: 'Owner/Repo', tag: 't' }),
      ),
    ).toBe('imageName');
    expect(
      fieldOf(() => buildImageReference({ registry: 'ghcr.io', imageName: 'a', tag: '.x' })),
    ).toBe('tag');
  });
});
