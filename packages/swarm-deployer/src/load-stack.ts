import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkSignal, checkStackName, OptionsError, throwIfAborted } from '@swarmlift/core';
import {
  ComposeError,
  type ComposeErrorCode,
  type ComposeProblem,
} from './compose/compose-error.js';
import type { ComposeModel } from './compose/compose-model.js';
import { convertStack, fileObjectPaths } from './compose/convert-stack.js';
import { interpolateConfig, type Lookup } from './compose/interpolate.js';
import { mergeComposeModels } from './compose/merge-compose-models.js';
import { type NormalizeProblem, normalizeComposeFile } from './compose/normalize-compose-file.js';
import {
  type EnvFileContent,
  type EnvFileReference,
  envFileReferences,
} from './compose/normalize-environment.js';
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
  /** The stack's name (its namespace), e.g. "myapp". */
  stack: string;
  /** Aborts the load (reading the compose, env, secret and config files): it then rejects with core's CancelledError. */
  signal?: AbortSignal;
  /**
   * Env files given in memory instead of read from disk, by path (relative
   * paths start at the current directory): e.g. the file a deploy is about to
   * write from CI secrets, so a plan can be made before it exists. Values are
   * taken literally, as from a file in Docker's env-file format.
   */
  envFiles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Reads, interpolates, validates, merges and converts compose files into
 * Engine API bodies, as `docker stack deploy` would, without talking to the
 * engine. Throws a ComposeError listing every problem (file:line:column and
 * path); returns warnings for keys Swarm ignores. A bad option is core's
 * OptionsError; an aborted `signal` rejects with core's CancelledError (or
 * the signal's own swarmlift error, e.g. a TimedOutError).
 */
export async function loadStack(options: LoadStackOptions): Promise<LoadedStack> {
  checkOptions(options);
  const { signal } = options;
  throwIfAborted(signal);
  const env = options.env ?? process.env;
  const lookup: Lookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  const files = options.files.map((file) => resolve(file));
  const projectDir = resolve(options.projectDir ?? dirname(files[0] as string));

  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, { encoding: 'utf8', signal });
      } catch (cause) {
        throwIfAborted(signal);
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
  throwIfAborted(signal);
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
  throwIfAborted(signal);
  const envFiles = await readEnvFiles(
    validated.flatMap((result) =>
      Object.entries(result.data?.services ?? {}).flatMap(([name, service]) =>
        envFileReferences(service.env_file, projectDir, ['services', name]),
      ),
    ),
    signal,
    givenEnvFiles(options.envFiles),
  );
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
      envFiles,
    });
    problems.push(...normalized.problems);
    models.push(normalized.model);
  });
  if (problems.length > 0)
    throw new ComposeError({ code: codeFor(problems), problems: stripCodes(problems) });

  const merged = models.slice(1).reduce(mergeComposeModels, models[0] as ComposeModel);
  const contents = await readFileObjects(fileObjectPaths(merged), signal);
  const converted = convertStack({
    model: merged,
    stack: options.stack,
    files,
    warnings,
    contents,
  });
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

/** The options, checked before any file is read. */
function checkOptions(options: LoadStackOptions): void {
  const { files } = options;
  if (!Array.isArray(files) || files.length === 0)
    throw new OptionsError({
      field: 'files',
      message: 'no compose file given',
      hint: "Pass at least one compose file, e.g. files: ['docker-compose.yml'] (-c in the bin).",
    });
  files.forEach((file, index) => {
    if (typeof file !== 'string' || file === '')
      throw new OptionsError({
        field: `files[${index}]`,
        message: 'expected the path of a compose file',
        hint: 'Pass each compose file as a non-empty path.',
      });
  });
  checkStackName(options.stack, 'stack');
  if (options.projectDir !== undefined && typeof options.projectDir !== 'string')
    throw new OptionsError({
      field: 'projectDir',
      message: 'expected a directory path',
      hint: 'Leave projectDir out to use the folder of the first compose file.',
    });
  checkSignal(options.signal);
  for (const [path, vars] of Object.entries(options.envFiles ?? {})) {
    const bad = Object.entries(vars ?? {}).find(([, value]) => typeof value !== 'string');
    if (vars === null || typeof vars !== 'object' || bad)
      throw new OptionsError({
        field: bad ? `envFiles.${path}.${bad[0]}` : `envFiles.${path}`,
        message: 'expected an object of string values',
        hint: "Pass e.g. envFiles: { 'deployment/.env': { SECRET_KEY: '…' } }.",
      });
  }
  if (options.env !== undefined && (options.env === null || typeof options.env !== 'object'))
    throw new OptionsError({
      field: 'env',
      message: 'expected an object of variables',
      hint: 'Pass e.g. env: process.env, or leave it out.',
    });
}

/**
 * Reads and parses each env file once, with env-writer's readEnvFile. Not
 * found: { missing }; unreadable or malformed: { error, line? }. env-writer's
 * zod-free entry is loaded only when a service has env_file:.
 */
async function readEnvFiles(
  references: readonly EnvFileReference[],
  signal: AbortSignal | undefined,
  given: ReadonlyMap<string, EnvFileContent>,
): Promise<Map<string, EnvFileContent>> {
  const out = new Map<string, EnvFileContent>(given);
  const paths = [...new Set(references.map((reference) => reference.file))].filter(
    (path) => !given.has(path),
  );
  if (paths.length === 0) return out;
  const { readEnvFile } = await import('@swarmlift/env-writer/env-file');
  await Promise.all(
    paths.map(async (path) => {
      let content: EnvFileContent;
      try {
        content = { entries: (await readEnvFile({ path, signal })).entries };
      } catch (error) {
        throwIfAborted(signal);
        content = existsSync(path)
          ? { error: (error as Error).message, line: (error as { line?: number }).line }
          : { missing: true };
      }
      out.set(path, content);
    }),
  );
  throwIfAborted(signal);
  return out;
}

/** `envFiles` as the loader's env-file contents, keyed by absolute path. */
function givenEnvFiles(envFiles: LoadStackOptions['envFiles']): Map<string, EnvFileContent> {
  return new Map(
    Object.entries(envFiles ?? {}).map(([path, vars]) => [
      resolve(path),
      { entries: Object.entries(vars).map(([key, value]) => ({ key, value })) },
    ]),
  );
}

/** The content of each file that can be read; the others are left out. */
async function readFileObjects(
  paths: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  await Promise.all(
    paths.map(async (file) => {
      try {
        out.set(file, await readFile(file, { signal }));
      } catch {
        throwIfAborted(signal);
      }
    }),
  );
  throwIfAborted(signal);
  return out;
}

function codeFor(problems: { code?: NormalizeProblem['code'] }[]): ComposeErrorCode {
  return problems.every((p) => p.code === 'COMPOSE_ENV_FILE_INVALID')
    ? 'COMPOSE_ENV_FILE_INVALID'
    : 'COMPOSE_INVALID';
}

function stripCodes(problems: (ComposeProblem & { code?: string })[]): ComposeProblem[] {
  return problems.map(({ code: _code, ...problem }) => problem);
}
