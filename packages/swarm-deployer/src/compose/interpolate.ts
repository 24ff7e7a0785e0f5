// Variable substitution as the Docker CLI's compose loader does it
// (cli/compose/template and cli/compose/interpolation): $VAR, ${VAR},
// ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$ for "$",
// in every string value of services, networks, volumes, secrets and configs
// (not in keys), then the same type casts for the fields the schema types.

export type Lookup = (name: string) => string | undefined;

export class InterpolationIssue extends Error {}

const NAME = /^[_a-z][_a-z0-9]*/i;

/** Substitutes one string; throws InterpolationIssue on a malformed template or a required variable that is missing. */
export function substitute(template: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = findClosingBrace(template, dollar + 2);
      if (close === -1)
        throw new InterpolationIssue(`invalid template "${template}": no closing "}"`);
      out += substituteBraced(template.slice(dollar + 2, close), template, lookup);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(template.slice(dollar + 1))?.[0];
    if (!name)
      throw new InterpolationIssue(`invalid template "${template}": write $$ for a literal "$"`);
    out += lookup(name) ?? '';
    i = dollar + 1 + name.length;
  }
  return out;
}

function findClosingBrace(template: string, from: number): number {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const c = template[i];
    if (c === '$' && template[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function substituteBraced(inner: string, template: string, lookup: Lookup): string {
  const name = NAME.exec(inner)?.[0];
  if (!name)
    throw new InterpolationIssue(
      `invalid template "${template}": "\${${inner}}" is not a variable name`,
    );
  const rest = inner.slice(name.length);
  const value = lookup(name);
  if (rest === '') return value ?? '';
  const operator = /^(:?[-?])/.exec(rest)?.[1];
  if (!operator)
    throw new InterpolationIssue(
      `invalid template "${template}": unexpected "${rest}" after \${${name}`,
    );
  const argument = rest.slice(operator.length);
  const missing = operator.startsWith(':')
    ? value === undefined || value === ''
    : value === undefined;
  if (!missing) return value ?? '';
  if (operator.endsWith('-')) return substitute(argument, lookup);
  // Only the variable's name and the author's message: never a value.
  throw new InterpolationIssue(
    `required variable ${name} is missing a value${argument ? `: ${argument}` : ''}`,
  );
}

type Cast = (value: string) => unknown;

const toInt: Cast = (v) => {
  if (!/^[+-]?\d+$/.test(v.trim())) throw new InterpolationIssue('not a whole number');
  return Number.parseInt(v, 10);
};
const toFloat: Cast = (v) => {
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) throw new InterpolationIssue('not a number');
  return n;
};
const toBoolean: Cast = (v) => {
  const lower = v.toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(lower)) return true;
  if (['n', 'no', 'false', 'off'].includes(lower)) return false;
  throw new InterpolationIssue('not a boolean (use true/false, yes/no, on/off)');
};

// The CLI's interpolateTypeCastMapping: '*' is any map key, '[]' any list item.
const castRules: [string[], Cast][] = [
  [['services', '*', 'configs', '[]', 'mode'], toInt],
  [['services', '*', 'secrets', '[]', 'mode'], toInt],
  [['services', '*', 'healthcheck', 'retries'], toInt],
  [['services', '*', 'healthcheck', 'disable'], toBoolean],
  [['services', '*', 'deploy', 'replicas'], toInt],
  [['services', '*', 'deploy', 'update_config', 'parallelism'], toInt],
  [['services', '*', 'deploy', 'update_config', 'max_failure_ratio'], toFloat],
  [['services', '*', 'deploy', 'rollback_config', 'parallelism'], toInt],
  [['services', '*', 'deploy', 'rollback_config', 'max_failure_ratio'], toFloat],
  [['services', '*', 'deploy', 'restart_policy', 'max_attempts'], toInt],
  [['services', '*', 'deploy', 'placement', 'max_replicas_per_node'], toInt],
  [['services', '*', 'deploy', 'resources', 'limits', 'pids'], toInt],
  [['services', '*', 'ports', '[]', 'target'], toInt],
  [['services', '*', 'ports', '[]', 'published'], toInt],
  [['services', '*', 'ulimits', '*'], toInt],
  [['services', '*', 'ulimits', '*', 'hard'], toInt],
  [['services', '*', 'ulimits', '*', 'soft'], toInt],
  [['services', '*', 'privileged'], toBoolean],
  [['services', '*', 'read_only'], toBoolean],
  [['services', '*', 'stdin_open'], toBoolean],
  [['services', '*', 'tty'], toBoolean],
  [['services', '*', 'init'], toBoolean],
  [['services', '*', 'volumes', '[]', 'read_only'], toBoolean],
  [['services', '*', 'volumes', '[]', 'volume', 'nocopy'], toBoolean],
  [['networks', '*', 'external'], toBoolean],
  [['networks', '*', 'internal'], toBoolean],
  [['networks', '*', 'attachable'], toBoolean],
  [['volumes', '*', 'external'], toBoolean],
  [['secrets', '*', 'external'], toBoolean],
  [['configs', '*', 'external'], toBoolean],
];

function castFor(path: readonly (string | number)[]): Cast | undefined {
  for (const [pattern, cast] of castRules) {
    if (pattern.length !== path.length) continue;
    const matches = pattern.every((part, i) => {
      const actual = path[i];
      if (part === '[]') return typeof actual === 'number';
      if (part === '*') return typeof actual === 'string';
      return part === actual;
    });
    if (matches) return cast;
  }
  return undefined;
}

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];

/**
 * Interpolates a whole compose document. Problems are reported through
 * `onIssue` (so that all of them are found in one pass); the value at a
 * failing place is kept as written.
 */
export function interpolateConfig(
  config: Record<string, unknown>,
  lookup: Lookup,
  onIssue: (path: (string | number)[], message: string) => void,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...config };
  for (const section of SECTIONS) {
    if (section in config) result[section] = walk(config[section], [section], lookup, onIssue);
  }
  return result;
}

function walk(
  value: unknown,
  path: (string | number)[],
  lookup: Lookup,
  onIssue: (path: (string | number)[], message: string) => void,
): unknown {
  if (typeof value === 'string') {
    let substituted: string;
    try {
      substituted = substitute(value, lookup);
    } catch (error) {
      if (!(error instanceof InterpolationIssue)) throw error;
      onIssue(path, error.message);
      return value;
    }
    // Like the CLI, a typed field is cast only when substitution changed it: a
    // quoted literal ("8080") stays a string for validation to refuse.
    if (substituted === value) return value;
    const cast = castFor(path);
    if (!cast) return substituted;
    try {
      return cast(substituted);
    } catch (error) {
      if (!(error instanceof InterpolationIssue)) throw error;
      onIssue(path, `the interpolated value is ${error.message}`);
      return substituted;
    }
  }
  if (Array.isArray(value))
    return value.map((item, i) => walk(item, [...path, i], lookup, onIssue));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      out[key] = walk(child, [...path, key], lookup, onIssue);
    return out;
  }
  return value;
}
