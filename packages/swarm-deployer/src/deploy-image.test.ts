import { describe, expect, it } from 'vitest';
import { digestOf, pinnedImage, taggedImage } from './deploy-image.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

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
