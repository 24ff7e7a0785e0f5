// The zod schema for a Shape, with the shape's messages. Loaded only to
// explain a file the fast check refused.
import { z } from 'zod';
import type { Shape } from './shape.js';

export function shapeToZod(shape: Shape): z.ZodType {
  const error = shape.error;
  switch (shape.t) {
    case 'string':
      return z.string({ error });
    case 'boolean':
      return z.boolean({ error });
    case 'number': {
      let schema = z.number({ error });
      if (shape.int) schema = schema.int('expected a whole number');
      if (shape.min !== undefined) schema = schema.min(shape.min, 'must not be negative');
      return schema;
    }
    case 'null':
      return z.null({ error });
    case 'unknown':
      return z.unknown();
    case 'enum':
      return z.enum(shape.values as [string, ...string[]], { error });
    case 'array':
      return z.array(shapeToZod(shape.of), { error });
    case 'record':
      return z.record(z.string(), shapeToZod(shape.of), { error });
    case 'object': {
      const required = new Set(shape.required ?? []);
      const fields = Object.fromEntries(
        Object.entries(shape.fields).map(([key, field]) => {
          const schema = shapeToZod(field);
          return [key, required.has(key) ? schema : schema.optional()];
        }),
      );
      return z.strictObject(fields, { error });
    }
    case 'union':
      return z.union(shape.of.map(shapeToZod) as [z.ZodType, z.ZodType, ...z.ZodType[]], { error });
  }
}
