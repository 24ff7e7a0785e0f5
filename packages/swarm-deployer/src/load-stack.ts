import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  ComposeError,
  type ComposeErrorCode,
  type ComposeProblem,
} from './compose/compose-error.js';
import type { ComposeModel } from './compose/compose-model.js';
import { convertStack } from './compose/convert-stack.js';
import { interpolateConfig, type Lookup } from './compose/interpolate.js';
import { mergeComposeModels } from './compose/merge-compose-models.js';
import { type NormalizeProblem, normalizeComposeFile } from './compose/normalize-compose-file.js';
import { parseComposeYaml } from './compose/parse-compose-yaml.js';
import { validateComposeFile } from './compose/validate-compose-file.js';
import type { LoadedStack, StackWarning } from './stack.js';

export interface LoadStackOptions {
  /** Compose files in merge order, like repeated `docker stack deploy -c`. Relative paths start at the current directory. */
  files: readonly string[];
  /** Where relative env_file, bind-mount, secret and config paths start. Default: the folder of the first file (as the CLI). */
  projectDir?: string;
  /** Variables for ${VAR} interpolation and for environment entries without a value. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stack namespace, e.g. "myapp". */
  stackName: string;
}

const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Reads, interpolates, validates, merges and converts compose files into
 * Engine API bodies, as `docker stack deploy` would, without talking to the
 * engine. Throws a ComposeError listing every problem (file:line:column and
 * path); returns warnings for keys Swarm ignores.
 */
export async function loadStack(options: LoadStackOptions): Promise<LoadedStack> {
  if (options.files.length === 0) {
    throw new ComposeError({
      code: 'COMPOSE_FILE_NOT_FOUND',
      problems: [
        { file: '(none)', line: 0, column: 0, path: '', message: 'no compose file given' },
      ],
    });
  }
  if (!STACK_NAME.test(options.stackName)) {
    throw new ComposeError({
      code: 'COMPOSE_INVALID',
      problems: [
        {
          file: resolve(options.files[0] ?? ''),
          line: 0,
          column: 0,
          path: '',
          message: `invalid stack name "${options.stackName}": use letters, digits, "_", "." and "-", starting with a letter or digit`,
        },
      ],
      hint: 'Choose a stack name such as "myapp" or "myapp-staging".',
    });
  }
  const env = options.env ?? process.env;
  const lookup: Lookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  const files = options.files.map((file) => resolve(file));
  const projectDir = resolve(options.projectDir ?? dirname(files[0] as string));

  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, 'utf8');
      } catch (cause) {
        throw new ComposeError({
          code: 'COMPOSE_FILE_NOT_FOUND',
          problems: [
            {
              file,
              line: 0,
              column: 0,
              path: '',
              message: `cannot read the compose file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
            },
          ],
          cause,
        });
      }
    }),
  );
  const parsed = files.map((file, i) => parseComposeYaml(texts[i] as string, file));

  const interpolationProblems: ComposeProblem[] = [];
  const interpolated = parsed.map((p) =>
    interpolateConfig(p.value, lookup, (path, message) =>
      interpolationProblems.push({
        file: p.file,
        ...p.locate(path),
        path: path.join('.'),
        message,
      }),
    ),
  );
  if (interpolationProblems.length > 0) {
    throw new ComposeError({
      code: 'COMPOSE_INTERPOLATION_FAILED',
      problems: interpolationProblems,
    });
  }

  const problems: (ComposeProblem & { code?: NormalizeProblem['code'] })[] = [];
  const warnings: StackWarning[] = [];
  const models: ComposeModel[] = [];
  const validated = await Promise.all(
    parsed.map((p, i) =>
      validateComposeFile(interpolated[i] as Record<string, unknown>, p.file, p.locate),
    ),
  );
  const usesEnvFiles = validated.some((result) =>
    Object.values(result.data?.services ?? {}).some((service) => service.env_file !== undefined),
  );
  // Loaded only for files that use env_file:, from env-writer's zod-free entry.
  const parseEnvFile = usesEnvFiles
    ? (await import('@swarmlift/env-writer/env-file')).parseEnvFile
    : undefined;
  parsed.forEach((p, i) => {
    const result = validated[i];
    if (!result) return;
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    if (!result.data) return;
    const normalized = normalizeComposeFile(result.data, {
      file: p.file,
      projectDir,
      lookup,
      locate: p.locate,
      parseEnvFile,
    });
    problems.push(...normalized.problems);
    models.push(normalized.model);
  });
  if (problems.length > 0)
    throw new ComposeError({ code: codeFor(problems), problems: stripCodes(problems) });

  const merged = models.slice(1).reduce(mergeComposeModels, models[0] as ComposeModel);
  const converted = convertStack({ model: merged, stackName: options.stackName, files, warnings });
  if (converted.problems.length > 0) {
    throw new ComposeError({
      code: 'COMPOSE_INVALID',
      problems: converted.problems
        .map((problem) => ({
          file: problem.source?.file ?? (files[0] as string),
          line: problem.source?.line ?? 0,
          column: problem.source?.column ?? 0,
          path: problem.path,
          message: problem.message,
        }))
        // In the order of the files, then of their lines.
        .sort(
          (a, b) =>
            files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column,
        ),
    });
  }
  return converted.stack;
}

function codeFor(problems: { code?: NormalizeProblem['code'] }[]): ComposeErrorCode {
  return problems.every((p) => p.code === 'COMPOSE_ENV_FILE_INVALID')
    ? 'COMPOSE_ENV_FILE_INVALID'
    : 'COMPOSE_INVALID';
}

function stripCodes(problems: (ComposeProblem & { code?: string })[]): ComposeProblem[] {
  return problems.map(({ code: _code, ...problem }) => problem);
}
