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
  recordPositions(doc, doc.contents as Node | null, [], positions, at, (path, key, offset) =>
    keyProblems.push({
      file,
      ...at(offset),
      path: path.join('.'),
      // go-yaml reads y/n/yes/no/on/off and numbers as such, and the CLI then refuses them as keys.
      message: `the key ${JSON.stringify(key)} is not a string in YAML 1.1; quote it ("${String(key)}")`,
    }),
  );
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

function recordPositions(
  doc: Document,
  node: Node | null | undefined,
  path: (string | number)[],
  positions: Map<string, Position>,
  at: (offset: number | undefined) => Position,
  onNonStringKey: (path: (string | number)[], key: unknown, offset: number | undefined) => void,
  depth = 0,
): void {
  if (!node || depth > 64) return;
  if (isAlias(node)) {
    recordPositions(
      doc,
      node.resolve(doc) as Node | undefined,
      path,
      positions,
      at,
      onNonStringKey,
      depth + 1,
    );
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
      if (typeof keyValue !== 'string') onNonStringKey(path, keyValue, key?.range?.[0]);
      const childPath = [...path, String(keyValue)];
      const k = pathKey(childPath);
      if (!positions.has(k))
        positions.set(k, at(key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0]));
      recordPositions(doc, pair.value as Node, childPath, positions, at, onNonStringKey, depth + 1);
    }
    // Keys written in the map win over merged ones: record merges last, only where nothing is set.
    for (const merge of merges) {
      const sources = isSeq(merge) ? (merge.items as Node[]) : [merge];
      for (const source of sources)
        recordPositions(doc, source, path, positions, at, onNonStringKey, depth + 1);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const childPath = [...path, index];
      const k = pathKey(childPath);
      if (!positions.has(k)) positions.set(k, at((item as Node | null)?.range?.[0]));
      recordPositions(doc, item as Node, childPath, positions, at, onNonStringKey, depth + 1);
    });
  }
}
