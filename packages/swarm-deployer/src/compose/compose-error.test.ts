import { assertOwnBrands, exitCodeOf, SwarmliftError } from '@swarmlift/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PlanError, SwarmDeployerError, swarmDeployerErrorCodes } from '../errors.js';
import { ComposeError, type ComposeErrorCode, composeErrorCodes } from './compose-error.js';

const problem = (line: number, message: string) => ({
  file: '/p/compose.yml',
  line,
  column: 5,
  path: `services.web.x${line}`,
  message,
});

describe('ComposeError', () => {
  it('has a brand of its own: isInstance is exact, and narrows', () => {
    assertOwnBrands([SwarmDeployerError, ComposeError]);
    const error: unknown = new ComposeError({
      code: 'COMPOSE_INVALID',
      problems: [problem(3, 'x')],
    });
    const other: unknown = new PlanError({
      problems: [{ code: 'DEPLOY_IMAGE_NOT_FOUND', message: 'no image', hint: 'push it' }],
    });
    expect(ComposeError.isInstance(error)).toBe(true);
    expect(SwarmDeployerError.isInstance(error)).toBe(true);
    expect(SwarmliftError.isInstance(error)).toBe(true);
    expect(ComposeError.isInstance(other)).toBe(false);
    expect(ComposeError.isInstance(new Error('x'))).toBe(false);
    if (ComposeError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<ComposeError>();
  });

  it('hasCode checks the class and the code, and narrows', () => {
    const error: unknown = new ComposeError({
      code: 'COMPOSE_ENV_FILE_INVALID',
      problems: [problem(3, 'x')],
    });
    expect(ComposeError.hasCode(error, 'COMPOSE_ENV_FILE_INVALID')).toBe(true);
    expect(ComposeError.hasCode(error, 'COMPOSE_INVALID', 'COMPOSE_YAML_INVALID')).toBe(false);
    if (ComposeError.hasCode(error, 'COMPOSE_ENV_FILE_INVALID'))
      expectTypeOf(error.problems).toEqualTypeOf<readonly ComposeErrorProblem[]>();
  });

  it('is invalid input: exit code 2, named after its class', () => {
    const error = new ComposeError({ code: 'COMPOSE_YAML_INVALID', problems: [problem(1, 'x')] });
    expect(error.category).toBe('invalid');
    expect(exitCodeOf(error)).toBe(2);
    expect(error.name).toBe('ComposeError');
    expect(error.hint).toMatch(/YAML/);
  });

  it('keeps every problem; file, line, column and path are the first one', () => {
    const error = new ComposeError({
      code: 'COMPOSE_INVALID',
      problems: [problem(3, 'first'), problem(7, 'second')],
    });
    expect(error).toMatchObject({
      file: '/p/compose.yml',
      line: 3,
      column: 5,
      path: 'services.web.x3',
    });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe(
      [
        '2 problems in the compose file:',
        '  /p/compose.yml:3:5: services.web.x3: first',
        '  /p/compose.yml:7:5: services.web.x7: second',
      ].join('\n'),
    );
    expect(
      new ComposeError({
        code: 'COMPOSE_FILE_NOT_FOUND',
        problems: [{ file: '/p/x.yml', line: 0, column: 0, path: '', message: 'cannot read' }],
      }).message,
    ).toBe('/p/x.yml: cannot read');
  });

  it('refuses to be built without a problem', () => {
    expect(() => new ComposeError({ code: 'COMPOSE_INVALID', problems: [] })).toThrow(TypeError);
  });
});

type ComposeErrorProblem = ComposeError['problems'][number];

describe('composeErrorCodes', () => {
  it('are COMPOSE_* codes, each one in swarmDeployerErrorCodes', () => {
    expect(composeErrorCodes.length).toBeGreaterThan(0);
    for (const code of composeErrorCodes) {
      expect(code).toMatch(/^COMPOSE_[A-Z_]+$/);
      expect(swarmDeployerErrorCodes).toContain(code);
    }
    expectTypeOf<ComposeErrorCode>().toEqualTypeOf<(typeof composeErrorCodes)[number]>();
  });
});
