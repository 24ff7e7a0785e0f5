// fitsShape (the fast check every deploy runs) and the zod schema built from
// the same Shape (which explains refusals) must agree on every value, or a
// file zod would refuse could slip through the fast path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeFileShape } from './compose-schema.js';
import { interpolateConfig } from './interpolate.js';
import { parseComposeYaml } from './parse-compose-yaml.js';
import { fitsShape, s } from './shape.js';
import { shapeToZod } from './shape-to-zod.js';
import { stripExtensions } from './validate-compose-file.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'parity');
const zodSchema = shapeToZod(composeFileShape);

function fixtures(): Record<string, unknown>[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => {
      const parsed = parseComposeYaml(readFileSync(join(FIXTURES, name), 'utf8'), name);
      const vars: Record<string, string> = {
        IMAGE: 'busybox',
        PORT_A: '8001',
        PORT_B: '8002',
        REPLICAS: '2',
      };
      return stripExtensions(
        interpolateConfig(
          parsed.value,
          (n) => vars[n] ?? 'x',
          () => {},
        ),
      );
    });
}

/** Replaces the value at one random place of a document (or adds a key there). */
function mutate(
  document: unknown,
  path: number[],
  replacement: unknown,
  addKey: string | undefined,
): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const [step = 0, ...rest] = path;
  if (Array.isArray(document)) {
    if (document.length === 0) return replacement;
    const index = step % document.length;
    return document.map((item, i) =>
      i === index ? mutate(item, rest, replacement, addKey) : item,
    );
  }
  const entries = Object.entries(document);
  if (addKey !== undefined && rest.length === 0) return { ...document, [addKey]: replacement };
  if (entries.length === 0) return replacement;
  const [key, value] = entries[step % entries.length] as [string, unknown];
  return { ...document, [key]: mutate(value, rest, replacement, addKey) };
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('host', 'tcp', 'volume', 'replicated', '10s', 'vip', 'any', 'on-failure', 'bind'),
  fc.integer({ min: -3, max: 70000 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('target', 'source', 'type', 'soft', 'hard', 'x'),
    fc.oneof(fc.string(), fc.integer()),
    {
      maxKeys: 3,
    },
  ),
);

describe('fitsShape and the zod schema from the same Shape', () => {
  const documents = fixtures();

  it('accept every file of the parity corpus', () => {
    expect(documents.length).toBeGreaterThanOrEqual(15);
    for (const document of documents) {
      expect(fitsShape(composeFileShape, document)).toBe(true);
      expect(zodSchema.safeParse(document).success).toBe(true);
    }
  });

  it('agree on random changes anywhere in those files', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: documents.length - 1 }),
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 8 }),
        anyValue,
        fc.option(fc.constantFrom('target', 'mode', 'unknown_key', 'x-ext', 'size'), {
          nil: undefined,
        }),
        (which, path, replacement, addKey) => {
          const document = mutate(documents[which], path, replacement, addKey);
          expect(fitsShape(composeFileShape, document)).toBe(zodSchema.safeParse(document).success);
        },
      ),
      { numRuns: 3000 },
    );
    // 3000 runs take ~1 s alone and over 5 s when CI runs every unit suite at once.
  }, 30_000);

  it('agree on each kind of shape at its edges', () => {
    const cases: [ReturnType<typeof s.uint>, unknown[]][] = [
      [s.uint(), [0, 1, -1, 1.5, '1', Number.POSITIVE_INFINITY, null]],
      [s.int(), [-1, 2, 2.5, '2']],
      [s.enum(['a', 'b']), ['a', 'c', 1]],
      [s.object({ a: s.string() }, ['a']), [{ a: 'x' }, {}, { a: 1 }, { a: 'x', b: 1 }, [], null]],
      [s.record(s.number()), [{}, { a: 1 }, { a: 'x' }, []]],
      [s.array(s.boolean()), [[], [true], [1], {}]],
      [s.union([s.string(), s.null()], 'x'), ['a', null, 1]],
    ];
    for (const [shape, values] of cases) {
      const schema = shapeToZod(shape);
      for (const value of values)
        expect(fitsShape(shape, value)).toBe(schema.safeParse(value).success);
    }
  });
});
