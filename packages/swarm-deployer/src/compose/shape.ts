// A small description language for the compose format, so that one
// description drives both a fast check (no dependencies; the path a valid
// file takes on every deploy) and the zod schema that explains what is wrong
// (imported only when the fast check fails: zod costs ~0.1 s to load).

export type Shape = (
  | { t: 'string' }
  | { t: 'boolean' }
  | { t: 'number'; int?: boolean; min?: number }
  | { t: 'null' }
  | { t: 'unknown' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'array'; of: Shape }
  | { t: 'record'; of: Shape }
  | { t: 'object'; fields: Record<string, Shape>; required?: readonly string[] }
  | { t: 'union'; of: readonly Shape[] }
) & {
  /** The message when the value has the wrong type. */
  error?: string;
};

export const s = {
  string: (error = 'expected a string'): Shape => ({ t: 'string', error }),
  boolean: (error = 'expected true or false'): Shape => ({ t: 'boolean', error }),
  number: (error = 'expected a number'): Shape => ({ t: 'number', error }),
  int: (error = 'expected a number'): Shape => ({ t: 'number', int: true, error }),
  uint: (error = 'expected a number'): Shape => ({ t: 'number', int: true, min: 0, error }),
  null: (): Shape => ({ t: 'null' }),
  unknown: (): Shape => ({ t: 'unknown' }),
  enum: (values: readonly string[]): Shape => ({
    t: 'enum',
    values,
    error: `expected ${values.slice(0, -1).join(', ')}${values.length > 1 ? ' or ' : ''}${values.at(-1)}`,
  }),
  array: (of: Shape, error = 'expected a list'): Shape => ({ t: 'array', of, error }),
  record: (of: Shape, error = 'expected a mapping'): Shape => ({ t: 'record', of, error }),
  object: (
    fields: Record<string, Shape>,
    required: readonly string[] = [],
    error = 'expected a mapping',
  ): Shape => ({
    t: 'object',
    fields,
    required,
    error,
  }),
  union: (of: readonly Shape[], error: string): Shape => ({ t: 'union', of, error }),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` fits `shape`; says nothing about why not (the zod schema does). */
export function fitsShape(shape: Shape, value: unknown): boolean {
  switch (shape.t) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!shape.int || Number.isSafeInteger(value)) &&
        (shape.min === undefined || value >= shape.min)
      );
    case 'null':
      return value === null;
    case 'unknown':
      return true;
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value);
    case 'array':
      return Array.isArray(value) && value.every((item) => fitsShape(shape.of, item));
    case 'record':
      return (
        isPlainObject(value) && Object.values(value).every((item) => fitsShape(shape.of, item))
      );
    case 'object': {
      if (!isPlainObject(value)) return false;
      for (const key of shape.required ?? []) if (value[key] === undefined) return false;
      for (const [key, item] of Object.entries(value)) {
        const field = shape.fields[key];
        if (!field || (item !== undefined && !fitsShape(field, item))) return false;
      }
      return true;
    }
    case 'union':
      return shape.of.some((option) => fitsShape(option, value));
  }
}
