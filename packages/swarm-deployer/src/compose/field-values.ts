// The scalar fields that need converting (durations, sizes, CPUs): each
// returns the converted value, or undefined and a problem at `path`.
import { parseByteSize, parseNanoCpus } from './parse-byte-size.js';
import { parseDuration } from './parse-duration.js';
import type { Path, PathProblem } from './path-problem.js';

/** A Go duration ("1m30s") → nanoseconds. */
export function durationField(
  value: string | undefined,
  path: Path,
  problems: PathProblem[],
): number | undefined {
  if (value === undefined) return undefined;
  const ns = parseDuration(value);
  if (ns === undefined)
    problems.push({
      path,
      message: `"${value}" is not a duration (use e.g. "10s", "1m30s", "500ms")`,
    });
  return ns;
}

/** A size ("512m", 1024) → bytes. */
export function bytesField(
  value: string | number | undefined,
  path: Path,
  problems: PathProblem[],
): number | undefined {
  if (value === undefined) return undefined;
  const n = parseByteSize(value);
  if (n === undefined)
    problems.push({
      path,
      message: `"${value}" is not a size (use e.g. 512m, 1g or a number of bytes)`,
    });
  return n;
}

/** A number of CPUs ("0.5") → nano CPUs. */
export function cpusField(
  value: string | number | undefined,
  path: Path,
  problems: PathProblem[],
): number | undefined {
  if (value === undefined) return undefined;
  const n = parseNanoCpus(value);
  if (n === undefined)
    problems.push({ path, message: `"${value}" is not a number of CPUs (use e.g. "0.5")` });
  return n;
}
