import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from './image-reference-problem.js';

describe('imageReferenceProblem', () => {
  it.each([
    'busybox',
    'busybox:1.36',
    'library/busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'ghcr.io/owner/app:1a2b3c4',
    '127.0.0.1:5000/busybox:latest',
    'localhost:5000/app',
  ])('accepts %s', (image) => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  it.each([
    ['Owner/App', /upper-case/],
    ['busybox:', /tag "" in busybox: is not valid/],
    ['busy box', /not a valid image reference/],
    ['ghcr.io/owner/app@sha256:short', /digest/],
  ])('refuses %s and says why', (image, reason) => {
    const problem = imageReferenceProblem(image);
    expect(problem).toMatch(new RegExp(`^"${image}" is not a valid image reference: `));
    expect(problem).toMatch(reason);
    expect(problem).not.toMatch(/: image: /);
  });
});
