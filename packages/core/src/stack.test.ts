import { describe, expect, it } from 'vitest';
import { OptionsError } from './errors.js';
import { checkStackName, isStackName, stackFilter } from './stack.js';

describe('stack names', () => {
  it('accepts what docker stack deploy accepts', () => {
    for (const name of ['app', 'my_app', 'my-app.prod', '0app'])
      expect(isStackName(name)).toBe(true);
    for (const name of ['', '-app', '.app', 'my app', 'app/x', 'a'.repeat(64)])
      expect(isStackName(name)).toBe(false);
  });

  it('checkStackName throws an OptionsError naming the field', () => {
    expect(checkStackName('app')).toBe('app');
    try {
      checkStackName('my app', 'STACK_NAME');
      expect.unreachable();
    } catch (error) {
      expect(OptionsError.isInstance(error) && error.field).toBe('STACK_NAME');
      expect((error as Error).message).toMatch(/"my app" is not a valid stack name/);
    }
    expect(() => checkStackName(undefined)).toThrow(/stack: undefined/);
  });

  it('filters by the namespace label docker stack uses', () => {
    expect(JSON.parse(stackFilter('app'))).toEqual({ label: ['com.docker.stack.namespace=app'] });
  });
});
