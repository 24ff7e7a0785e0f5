import type { z } from 'zod';
import type { StackWarning } from '../stack.js';
import type { ComposeProblem } from './compose-error.js';
import {
  type ComposeFileInput,
  composeFileShape,
  FORBIDDEN_SERVICE_KEYS,
  IGNORED_SERVICE_KEYS,
} from './compose-schema.js';
import type { Position } from './parse-compose-yaml.js';
import { fitsShape } from './shape.js';

export interface ValidationResult {
  /** Present only when there are no problems. */
  data?: ComposeFileInput;
  problems: ComposeProblem[];
  warnings: StackWarning[];
}

/**
 * Removes extension fields (x-*) where the compose format allows them: at the
 * top level and in each service, network, volume, secret and config
 * definition. Elsewhere (labels, environment, ...) an x- key is data and kept.
 */
export function stripExtensions(config: Record<string, unknown>): Record<string, unknown> {
  const withoutExtensions = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
  };
  const out = withoutExtensions(config) as Record<string, unknown>;
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
    const entries = out[section];
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) continue;
    out[section] = Object.fromEntries(
      Object.entries(entries).map(([name, definition]) => [name, withoutExtensions(definition)]),
    );
  }
  return out;
}

let zodSchema: Promise<z.ZodType> | undefined;

/** The zod schema, built on first need: a valid file never loads zod. */
function composeZodSchema(): Promise<z.ZodType> {
  zodSchema ??= import('./shape-to-zod.js').then(({ shapeToZod }) => shapeToZod(composeFileShape));
  return zodSchema;
}

/**
 * Validates one interpolated compose file; every problem carries its file,
 * line, column and dotted path. A file that fits the format is checked
 * without zod; zod explains one that does not.
 */
export async function validateComposeFile(
  value: Record<string, unknown>,
  file: string,
  locate: (path: readonly (string | number)[]) => Position,
): Promise<ValidationResult> {
  const problems: ComposeProblem[] = [];
  const warnings: StackWarning[] = [];
  const input = stripExtensions(value);
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ file, ...locate(path), path: path.join('.'), message });

  const services = input.services;
  if (services && typeof services === 'object' && !Array.isArray(services)) {
    for (const [name, service] of Object.entries(services)) {
      if (!service || typeof service !== 'object' || Array.isArray(service)) continue;
      for (const key of Object.keys(service)) {
        const advice = FORBIDDEN_SERVICE_KEYS[key];
        if (advice) problem(['services', name, key], `not allowed in a stack: ${advice}`);
        if ((IGNORED_SERVICE_KEYS as readonly string[]).includes(key)) {
          const path = ['services', name, key];
          warnings.push({
            code: 'UNSUPPORTED_KEY',
            path: path.join('.'),
            message:
              key === 'restart'
                ? `Unsupported option "restart" of service ${name}: as the Docker CLI does, it becomes the restart policy unless deploy.restart_policy is set; use deploy.restart_policy`
                : `Ignoring unsupported option "${key}" of service ${name}: Swarm services do not use it`,
            source: { file, ...locate(path) },
          });
        }
      }
    }
  }

  if (fitsShape(composeFileShape, input)) {
    return {
      data: problems.length === 0 ? (input as ComposeFileInput) : undefined,
      problems,
      warnings,
    };
  }
  const parsed = (await composeZodSchema()).safeParse(input);
  if (parsed.success) {
    // The two checks read the same shape; should they ever disagree, refuse rather than guess.
    problem(
      [],
      'the file does not fit the compose format (internal check mismatch; please report it)',
    );
  } else {
    for (const issue of flattenIssues(parsed.error.issues)) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          if (path.length === 2 && path[0] === 'services' && key in FORBIDDEN_SERVICE_KEYS)
            continue;
          problem(
            [...path, key],
            `unknown key "${key}" (not part of the compose format docker stack deploy reads)`,
          );
        }
        continue;
      }
      problem(path, issue.message);
    }
  }
  // In the order they appear in the file.
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    data: undefined,
    problems,
    warnings,
  };
}

/** A union's own "Invalid input" says little: use the issues of the branch that got furthest into the value. */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const deepest = issue.errors
        .filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0))
        .sort((a, b) => depth(b) - depth(a))[0];
      if (deepest) {
        out.push(...flattenIssues(deepest, path));
        continue;
      }
    }
    out.push({ ...issue, path } as z.core.$ZodIssue);
  }
  return out;
}

function depth(branch: readonly z.core.$ZodIssue[]): number {
  return Math.max(...branch.map((i) => i.path.length));
}
