import {
  assertOwnBrands,
  CancelledError,
  exitCodeOf,
  ImageReferenceError,
  OptionsError,
  SwarmliftError,
} from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  ImageBuildError,
  ImageBuilderError,
  imageBuilderErrorCodes,
  RegistryAuthError,
  RegistryUnreachableError,
} from './errors.js';

describe('errors', () => {
  it('every exported class has its own brand', () => {
    expect(() =>
      assertOwnBrands([
        ImageBuilderError,
        ImageBuildError,
        RegistryAuthError,
        RegistryUnreachableError,
      ]),
    ).not.toThrow();
  });

  it('isInstance is exact and names come from the brands', () => {
    const build = new ImageBuildError({ reason: 'boom', step: 'step 1/1 (RUN x)', output: ['x'] });
    const auth = new RegistryAuthError({ registry: 'r.example', reason: 'denied' });
    const base = new ImageBuilderError({ code: 'IMAGE_PUSH_FAILED', message: 'm', hint: 'h' });
    expect(ImageBuildError.isInstance(build)).toBe(true);
    expect(ImageBuilderError.isInstance(build)).toBe(true);
    expect(SwarmliftError.isInstance(build)).toBe(true);
    expect(ImageBuildError.isInstance(auth)).toBe(false);
    expect(ImageBuildError.isInstance(base)).toBe(false);
    expect(RegistryAuthError.isInstance(build)).toBe(false);
    // Core's errors are not this package's.
    const refError = new ImageReferenceError({ field: 'image', message: 'm', hint: 'h' });
    expect(ImageBuildError.isInstance(refError)).toBe(false);
    expect(ImageBuilderError.isInstance(refError)).toBe(false);
    expect(
      ImageBuilderError.isInstance(new OptionsError({ field: 'f', message: 'm', hint: 'h' })),
    ).toBe(false);
    expect(ImageBuilderError.isInstance(new CancelledError())).toBe(false);
    expect([build.name, auth.name, base.name]).toEqual([
      'ImageBuildError',
      'RegistryAuthError',
      'ImageBuilderError',
    ]);
  });

  it('hasCode narrows by code, and isInstance narrows the type', () => {
    const error: unknown = new ImageBuildError({ reason: 'boom', output: [] });
    expect(ImageBuilderError.hasCode(error, 'IMAGE_BUILD_FAILED')).toBe(true);
    expect(ImageBuilderError.hasCode(error, 'IMAGE_PUSH_FAILED', 'REGISTRY_ERROR')).toBe(false);
    if (ImageBuildError.isInstance(error)) {
      const step: string | undefined = error.step;
      expect(step).toBeUndefined();
      expect(error.output).toEqual([]);
    }
  });

  it('the category follows the code and decides the exit code', () => {
    const of = (code: (typeof imageBuilderErrorCodes)[number]) =>
      exitCodeOf(new ImageBuilderError({ code, message: 'm', hint: 'h' }));
    expect(of('IMAGE_ENGINE_UNREACHABLE')).toBe(3);
    expect(of('REGISTRY_UNREACHABLE')).toBe(3);
    expect(of('IMAGE_CONTEXT_INVALID')).toBe(2);
    expect(of('IMAGE_VERSION_UNRESOLVED')).toBe(2);
    expect(of('IMAGE_BUILD_FAILED')).toBe(1);
    expect(exitCodeOf(new RegistryUnreachableError({ registry: 'r', reason: 'x' }))).toBe(3);
  });

  it('every code carries the package prefix', () => {
    for (const code of imageBuilderErrorCodes) expect(code).toMatch(/^(IMAGE|REGISTRY)_/);
    expect(new Set(imageBuilderErrorCodes).size).toBe(imageBuilderErrorCodes.length);
  });
});
