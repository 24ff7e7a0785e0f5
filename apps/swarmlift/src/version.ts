// Replaced at build time by tsup's `define`; the fallback is for tests run from source.
declare const __SWARMLIFT_VERSION__: string | undefined;

export const VERSION: string =
  typeof __SWARMLIFT_VERSION__ === 'string' ? __SWARMLIFT_VERSION__ : '0.0.0-dev';
