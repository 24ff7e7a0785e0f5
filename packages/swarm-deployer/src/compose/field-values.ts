// The scalar fields that need converting (durations, sizes, CPUs): each
// returns the converted value, or undefined and a problem at `path`.
import { parseByteSize, parseNanoCpus } from './parse-byte-size.js';
import { parseDuration } from './parse-duration.js';
import type { Path, PathProblem } from './path-problem.js';

type FieldConverter<V> = (
  value: V | undefined,
  path: Path,
  problems: PathProblem[],
) => number | undefined;

function converter<V>(
  parse: (value: V) => number | undefined,
  expected: string,
): FieldConverter<V> {
  return (value, path, problems) => {
    if (value === undefined) return undefined;
    const converted = parse(value);
    if (converted === undefined) problems.push({ path, message: `"${value}" is not ${expected}` });
    return converted;
  };
}

/** A Go duration ("1m30s") → nanoseconds. */
export const durationField: FieldConverter<string> = converter(
  parseDuration,
  'a duration (use e.g. "10s", "1m30s", "500ms")',
);

/** A size ("512m", 1024) → bytes. */
export const bytesField: FieldConverter<string | number> = converter(
  parseByteSize,
  'a size (use e.g. 512m, 1g or a number of bytes)',
);

/** A number of CPUs ("0.5") → nano CPUs. */
export const cpusField: FieldConverter<string | number> = converter(
  parseNanoCpus,
  'a number of CPUs (use e.g. "0.5")',
);
