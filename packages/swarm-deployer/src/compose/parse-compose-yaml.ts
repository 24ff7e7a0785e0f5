import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Tags,
} from 'yaml';
import { ComposeError, type ComposeProblem } from './compose-error.js';
import { goNumberText } from './go-scalar-string.js';

export interface Position {
  line: number;
  column: number;
}

export interface ParsedYaml {
  file: string;
  /** The document as plain values (anchors and merge keys resolved). */
  value: Record<string, unknown>;
  /** Where a path was written: the key of a mapping entry or the item of a list; falls back to the nearest parent. */
  locate(path: readonly (string | number)[]): Position;
}

// YAML 1.1 like the CLI's go-yaml v2 (merge keys, 0644 octal, yes/no booleans),
// but without 1.1's base-60 numbers and timestamps, which go-yaml does not
// implement either: "8080:80" must stay a port mapping, not 484880.
const goYamlTags = (tags: Tags): Tags =>
  tags.filter((tag) => {
    const t = tag as { format?: string; tag?: string };
    return t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp';
  });

/** Parses one compose file; a syntax error throws COMPOSE_YAML_INVALID with every error's line and column. */
export function parseComposeYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    merge: true,
    uniqueKeys: true,
    lineCounter,
    customTags: goYamlTags,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    const problems: ComposeProblem[] = doc.errors.map((error) => {
      const pos = lineCounter.linePos(error.pos[0]);
      return {
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
      };
    });
    throw new ComposeError({ code: 'COMPOSE_YAML_INVALID', problems });
  }
  const at = (offset: number | undefined): Position => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ComposeError({
      code: 'COMPOSE_YAML_INVALID',
      problems: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message: `YAML cannot be read: ${(error as Error).message}`,
        },
      ],
    });
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const pos = at(doc.contents?.range?.[0]);
    throw new ComposeError({
      code: 'COMPOSE_YAML_INVALID',
      problems: [
        { file, ...pos, path: '', message: 'the top level of a compose file must be a mapping' },
      ],
    });
  }
  const positions = new Map<string, Position>();
  const keyProblems: ComposeProblem[] = [];
  const goNumbers: Walk['goNumbers'] = new Map();
  const onNonStringKey: Walk['onNonStringKey'] = (path, key, offset) =>
    keyProblems.push({
      file,
      ...at(offset),
      path: path.join('.'),
      // go-yaml reads y/n/yes/no/on/off and numbers as such, and the CLI then refuses them as keys.
      message: `the key ${JSON.stringify(key)} is not a string in YAML 1.1; quote it ("${String(key)}")`,
    });
  recordPositions(
    { doc, positions, at, onNonStringKey, goNumbers, owners: new Map() },
    doc.contents as Node | null,
    [],
  );
  for (const { path, text } of goNumbers.values()) setAt(value, path, text);
  if (keyProblems.length > 0)
    throw new ComposeError({ code: 'COMPOSE_YAML_INVALID', problems: keyProblems });
  const root = at(doc.contents?.range?.[0]);
  return {
    file,
    value: value as Record<string, unknown>,
    locate(path) {
      for (let n = path.length; n > 0; n--) {
        const found = positions.get(pathKey(path.slice(0, n)));
        if (found) return found;
      }
      return root;
    },
  };
}

export function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join('\u0000');
}

interface Walk {
  doc: Document;
  positions: Map<string, Position>;
  at: (offset: number | undefined) => Position;
  onNonStringKey: (path: (string | number)[], key: unknown, offset: number | undefined) => void;
  /** Unquoted numbers in string mappings, as the CLI's text (see go-scalar-string.ts). */
  goNumbers: Map<string, { path: (string | number)[]; text: string }>;
  /** The node written at each path (explicit keys before merged ones). */
  owners: Map<string, Node>;
}

// Mappings whose values the CLI turns into strings with Go's fmt.Sprint.
const STRING_MAPPINGS: readonly (readonly string[])[] = [
  ['services', '*', 'environment', '*'],
  ['services', '*', 'labels', '*'],
  ['services', '*', 'deploy', 'labels', '*'],
  ['services', '*', 'sysctls', '*'],
  ['services', '*', 'logging', 'options', '*'],
  ['services', '*', 'extra_hosts', '*'],
  ['services', '*', 'networks', '*', 'driver_opts', '*'],
  ['networks', '*', 'labels', '*'],
  ['networks', '*', 'driver_opts', '*'],
  ['volumes', '*', 'labels', '*'],
  ['volumes', '*', 'driver_opts', '*'],
  ['secrets', '*', 'labels', '*'],
  ['secrets', '*', 'driver_opts', '*'],
  ['configs', '*', 'labels', '*'],
];

function isStringMappingValue(path: readonly (string | number)[]): boolean {
  return STRING_MAPPINGS.some(
    (pattern) =>
      pattern.length === path.length &&
      pattern.every((part, i) => typeof path[i] === 'string' && (part === '*' || part === path[i])),
  );
}

function recordPositions(
  walk: Walk,
  node: Node | null | undefined,
  path: (string | number)[],
  depth = 0,
): void {
  if (!node || depth > 64) return;
  if (isAlias(node)) {
    recordPositions(walk, node.resolve(walk.doc) as Node | undefined, path, depth + 1);
    return;
  }
  if (isScalar(node)) {
    const k = pathKey(path);
    const owner = walk.owners.get(k);
    const owns =
      owner === undefined || owner === node || (isAlias(owner) && owner.resolve(walk.doc) === node);
    if (owns && node.type === 'PLAIN' && !walk.goNumbers.has(k) && isStringMappingValue(path)) {
      const text = goNumberText(node.source ?? String(node.value));
      if (text !== undefined) walk.goNumbers.set(k, { path, text });
    }
    return;
  }
  if (isMap(node)) {
    const merges: Node[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyValue = isScalar(key) ? key.value : key;
      if (isScalar(key) && (key.source === '<<' || typeof keyValue === 'symbol')) {
        merges.push(pair.value as Node);
        continue;
      }
      if (typeof keyValue !== 'string') walk.onNonStringKey(path, keyValue, key?.range?.[0]);
      const childPath = [...path, String(keyValue)];
      const k = pathKey(childPath);
      // A key written in the map owns its path; the same key merged in later does not.
      if (!walk.owners.has(k)) walk.owners.set(k, pair.value as Node);
      if (!walk.positions.has(k)) {
        walk.positions.set(k, walk.at(key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0]));
      }
      recordPositions(walk, pair.value as Node, childPath, depth + 1);
    }
    // Keys written in the map win over merged ones: record merges last, only where nothing is set.
    for (const merge of merges) {
      const sources = isSeq(merge) ? (merge.items as Node[]) : [merge];
      for (const source of sources) recordPositions(walk, source, path, depth + 1);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const childPath = [...path, index];
      const k = pathKey(childPath);
      if (!walk.positions.has(k)) walk.positions.set(k, walk.at((item as Node | null)?.range?.[0]));
      if (!walk.owners.has(k)) walk.owners.set(k, item as Node);
      recordPositions(walk, item as Node, childPath, depth + 1);
    });
  }
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown> | undefined;
  for (const step of path.slice(0, -1)) {
    node = node?.[step] as Record<string | number, unknown> | undefined;
    if (node === null || typeof node !== 'object') return;
  }
  const last = path[path.length - 1];
  if (node && last !== undefined && last in node) node[last] = value;
}
