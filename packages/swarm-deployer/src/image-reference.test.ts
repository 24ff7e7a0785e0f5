import { describe, expect, it } from 'vitest';
import { digestOf, parseImageReference, pinnedImage, taggedImage } from './image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('reads registry, path, tag and digest like distribution/reference', () => {
    expect(parseImageReference('busybox')).toEqual({
      domain: 'docker.io',
      path: 'library/busybox',
    });
    expect(parseImageReference('ghcr.io/acme/app:1.2')).toEqual({
      domain: 'ghcr.io',
      path: 'acme/app',
      tag: '1.2',
    });
    expect(parseImageReference('127.0.0.1:5000/x/y:latest')).toEqual({
      domain: '127.0.0.1:5000',
      path: 'x/y',
      tag: 'latest',
    });
    expect(parseImageReference('localhost/app')).toEqual({ domain: 'localhost', path: 'app' });
    expect(parseImageReference(`acme/app@${DIGEST}`)).toEqual({
      domain: 'docker.io',
      path: 'acme/app',
      digest: DIGEST,
    });
  });
  it('rejects what is not a reference', () => {
    expect(parseImageReference('')).toBeUndefined();
    expect(parseImageReference('Upper/Case')).toBeUndefined();
    expect(parseImageReference(' busybox')).toBeUndefined();
    expect(parseImageReference('app@sha256:short')).toBeUndefined();
  });
});

describe('taggedImage / pinnedImage', () => {
  it('adds :latest like the CLI, in the familiar form', () => {
    expect(taggedImage('busybox')).toBe('busybox:latest');
    expect(taggedImage('docker.io/library/busybox')).toBe('busybox:latest');
    expect(taggedImage('ghcr.io/acme/app:1')).toBe('ghcr.io/acme/app:1');
    expect(taggedImage(`app@${DIGEST}`)).toBe(`app@${DIGEST}`);
  });
  it('pins name:tag@digest and keeps an existing digest', () => {
    expect(pinnedImage('127.0.0.1:5000/x:1', DIGEST)).toBe(`127.0.0.1:5000/x:1@${DIGEST}`);
    expect(pinnedImage('busybox', DIGEST)).toBe(`busybox:latest@${DIGEST}`);
    const other = `sha256:${'b'.repeat(64)}`;
    expect(pinnedImage(`app@${DIGEST}`, other)).toBe(`app@${DIGEST}`);
    expect(digestOf(`app:1@${DIGEST}`)).toBe(DIGEST);
    expect(digestOf('app:1')).toBeUndefined();
  });
});
