import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  assertOwnBrands,
  CancelledError,
  exitCodeOf,
  isAbortError,
  isPassThroughError,
  OptionsError,
  SwarmliftError,
  TimedOutError,
} from './errors.js';

type DemoCode = 'DEMO_FAILED' | 'DEMO_RUN_FAILED';
class DemoError<C extends DemoCode = DemoCode> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/demo/DemoError';
}
class RunError extends DemoError<'DEMO_RUN_FAILED'> {
  static override readonly brand: string = 'swarmlift/demo/RunError';
  readonly exitCode: number;
  constructor(exitCode: number) {
    super({ code: 'DEMO_RUN_FAILED', message: 'the run failed', hint: 'look at its logs' });
    this.exitCode = exitCode;
  }
}
class NoBrandError extends DemoError {}

describe('SwarmliftError brands', () => {
  const run = new RunError(3);
  const base = new DemoError({ code: 'DEMO_FAILED', message: 'm', hint: 'h' });

  it('isInstance is exact: a parent is not an instance of its subclass', () => {
    expect(RunError.isInstance(run)).toBe(true);
    expect(DemoError.isInstance(run)).toBe(true);
    expect(SwarmliftError.isInstance(run)).toBe(true);
    expect(RunError.isInstance(base)).toBe(false);
    expect(OptionsError.isInstance(run)).toBe(false);
    expect(RunError.isInstance(new Error('x'))).toBe(false);
    expect(RunError.isInstance(undefined)).toBe(false);
  });

  it('narrows to the class it is called on', () => {
    const error: unknown = run;
    if (RunError.isInstance(error)) {
      expectTypeOf(error).toEqualTypeOf<RunError>();
      expect(error.exitCode).toBe(3);
    }
    if (DemoError.hasCode(error, 'DEMO_RUN_FAILED'))
      expectTypeOf(error.code).toEqualTypeOf<DemoCode>();
  });

  it('hasCode checks class and code', () => {
    expect(DemoError.hasCode(run, 'DEMO_RUN_FAILED')).toBe(true);
    expect(DemoError.hasCode(run, 'DEMO_FAILED')).toBe(false);
    expect(RunError.hasCode(base, 'DEMO_RUN_FAILED')).toBe(false);
    expect(SwarmliftError.hasCode(run, 'DEMO_RUN_FAILED')).toBe(true);
  });

  it('works for an object made by another copy of the package (same brands, other class)', () => {
    const foreign = Object.assign(new Error('x'), { code: 'DEMO_RUN_FAILED' });
    Object.defineProperty(foreign, Symbol.for('swarmlift.error.brands'), {
      value: [
        'swarmlift/demo/RunError',
        'swarmlift/demo/DemoError',
        'swarmlift/core/SwarmliftError',
      ],
    });
    expect(RunError.isInstance(foreign)).toBe(true);
    expect(OptionsError.isInstance(foreign)).toBe(false);
  });

  it('names the error after its brand and keeps the cause', () => {
    const cause = new Error('root');
    const error = new DemoError({ code: 'DEMO_FAILED', message: 'm', hint: 'h', cause });
    expect(error.name).toBe('DemoError');
    expect(run.name).toBe('RunError');
    expect(error.cause).toBe(cause);
    expect(error.category).toBe('failed');
  });

  it('assertOwnBrands finds a class that forgot its brand', () => {
    expect(() => assertOwnBrands([DemoError, RunError, OptionsError])).not.toThrow();
    expect(() => assertOwnBrands([NoBrandError])).toThrow(/NoBrandError has no static brand/);
    // A class without its own brand shares its parent's: isInstance cannot tell them apart.
    expect(NoBrandError.isInstance(base)).toBe(true);
  });
});

describe('exitCodeOf', () => {
  it('maps categories to the exit-code table', () => {
    expect(exitCodeOf(new OptionsError({ field: 'stack', message: 'bad', hint: 'fix' }))).toBe(2);
    expect(exitCodeOf(new CancelledError())).toBe(130);
    expect(exitCodeOf(new TimedOutError({ what: 'the wait', timeoutMs: 5 }))).toBe(5);
    expect(
      exitCodeOf(
        new DemoError({ code: 'DEMO_FAILED', message: 'm', hint: 'h', category: 'unreachable' }),
      ),
    ).toBe(3);
    expect(
      exitCodeOf(
        new DemoError({ code: 'DEMO_FAILED', message: 'm', hint: 'h', category: 'lock_held' }),
      ),
    ).toBe(4);
    expect(exitCodeOf(new Error('plain'))).toBe(1);
  });

  it('OptionsError names its field in the message', () => {
    const error = new OptionsError({
      field: 'credentials[1]',
      message: 'has no registry',
      hint: 'h',
    });
    expect(error.message).toBe('credentials[1]: has no registry');
    expect(error.field).toBe('credentials[1]');
    expect(error.code).toBe('OPTIONS_INVALID');
  });
});

describe('isAbortError / isPassThroughError', () => {
  it('name the core errors every package passes on unwrapped', () => {
    const cancelled = new CancelledError();
    const timedOut = new TimedOutError({ what: 'x', timeoutMs: 1 });
    const options = new OptionsError({ field: 'f', message: 'm', hint: 'h' });
    const other = new DemoError({ code: 'DEMO_FAILED', message: 'm', hint: 'h' });
    expect([cancelled, timedOut, options, other, new Error('x')].map(isAbortError)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([cancelled, timedOut, options, other, new Error('x')].map(isPassThroughError)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
