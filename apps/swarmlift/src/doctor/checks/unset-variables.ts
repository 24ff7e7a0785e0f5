// Which variables a compose file interpolates without a default, as
// `docker stack deploy` reads $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error} and $$ in the values (not the keys) of
// services, networks, volumes, secrets and configs.

type Lookup = (name: string) => string | undefined;

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];
const NAME = /^[_a-z][_a-z0-9]*/i;

/**
 * The variables `documents` (parsed compose files) interpolate that `lookup`
 * has no value for (unset or empty) and that no default covers: the ones
 * `docker stack deploy` would silently make empty. Sorted, each once.
 */
export function unsetComposeVariables(documents: readonly unknown[], lookup: Lookup): string[] {
  const unset = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') scan(value, lookup, unset);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const document of documents) {
    if (!document || typeof document !== 'object') continue;
    for (const section of SECTIONS) visit((document as Record<string, unknown>)[section]);
  }
  return [...unset].sort();
}

function isMissing(value: string | undefined): boolean {
  return value === undefined || value === '';
}

function scan(template: string, lookup: Lookup, unset: Set<string>): void {
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) return;
    const next = template[dollar + 1];
    if (next === '$') {
      i = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(template, dollar + 2);
      if (close === -1) return; // malformed: loadStack reports it
      braced(template.slice(dollar + 2, close), lookup, unset);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(template.slice(dollar + 1))?.[0];
    if (!name) return; // malformed: loadStack reports it
    if (isMissing(lookup(name))) unset.add(name);
    i = dollar + 1 + name.length;
  }
}

function braced(inner: string, lookup: Lookup, unset: Set<string>): void {
  const name = NAME.exec(inner)?.[0];
  if (!name) return;
  const rest = inner.slice(name.length);
  const value = lookup(name);
  if (rest === '') {
    if (isMissing(value)) unset.add(name);
    return;
  }
  const operator = /^(:?[-?])/.exec(rest)?.[1];
  if (!operator) return;
  const missing = operator.startsWith(':') ? isMissing(value) : value === undefined;
  if (!missing) return;
  // A default: it is what is used, and may itself name variables.
  if (operator.endsWith('-')) scan(rest.slice(operator.length), lookup, unset);
  else unset.add(name); // ${VAR:?…}: loadStack fails on it too
}

function closingBrace(template: string, from: number): number {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    if (template[i] === '$' && template[i + 1] === '{') {
      depth++;
      i++;
    } else if (template[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
