import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { djangoEnvSchema } from '../django-env-schema.js';
import { EnvValidationError, EnvWriterError } from '../errors.js';
import { parseEnvFile } from '../parse-env-file.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { type EnvIssue, validateEnvVars } from '../validate-env-vars.js';
import { writeEnvFile } from '../write-env-file.js';

const USAGE = `Usage:
  swarmlift-env write --out FILE [--from-env KEY1,KEY2,...] [--schema django] [--allow-empty] [--mode 600]
  swarmlift-env check --file FILE [--schema django] [--allow-empty]

write  Reads the named variables from this process's environment (never from
       the command line) and writes FILE atomically, mode 600, in the format
       docker run --env-file and docker stack deploy read literally.
       With --schema django, the guide's variables (SECRET_KEY, DB_*, REDIS_URI,
       DEBUG) are read too and validated.
check  Reads FILE with Docker's own rules and reports every problem by line.

Exit codes: 0 done, 1 invalid variables or file, 2 usage error.`;

const SCHEMAS: Record<string, { schema: StandardSchemaV1; keys: string[] }> = {
  django: { schema: djangoEnvSchema, keys: Object.keys(djangoEnvSchema.shape) },
};

class UsageError extends Error {}

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs `swarmlift-env` and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`swarmlift-env: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (EnvWriterError.isInstance(error)) {
      io.stderr(`swarmlift-env: ${error.message}\nhint: ${error.hint}\n`);
      return 1;
    }
    io.stderr(`swarmlift-env: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      file: { type: 'string' },
      'from-env': { type: 'string', multiple: true },
      schema: { type: 'string' },
      'allow-empty': { type: 'boolean' },
      mode: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    io.stdout(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const schema = values.schema === undefined ? undefined : SCHEMAS[values.schema];
  if (values.schema !== undefined && !schema) {
    throw new UsageError(
      `--schema: unknown schema "${values.schema}"; known: ${Object.keys(SCHEMAS).join(', ')}`,
    );
  }
  const allowEmpty = values['allow-empty'] ?? false;

  if (command === 'write') {
    if (!values.out) throw new UsageError('write: --out FILE is required');
    const keys = unique([...(schema?.keys ?? []), ...splitKeys(values['from-env'] ?? [])]);
    if (keys.length === 0)
      throw new UsageError('write: name the variables with --from-env KEY1,KEY2 or use --schema');
    const vars: Record<string, string | undefined> = {};
    for (const key of keys) vars[key] = io.env[key];
    const result = await writeEnvFile({
      path: values.out,
      vars,
      schema: schema?.schema,
      allowEmpty,
      mode: parseMode(values.mode),
    });
    printWarnings(io, result.warnings);
    io.stdout(
      `Wrote ${result.path} (${result.keys.length} variables: ${result.keys.join(', ')})\n`,
    );
    return 0;
  }

  if (command === 'check') {
    if (!values.file) throw new UsageError('check: --file FILE is required');
    const entries = parseEnvFile(await readFile(values.file), { file: values.file });
    const issues: EnvIssue[] = [];
    const vars: Record<string, string> = {};
    const lineOf = new Map<string, number>();
    for (const entry of entries) {
      lineOf.set(entry.key, entry.line);
      if (entry.value === undefined) {
        issues.push({
          key: entry.key,
          code: 'VALUE_MISSING',
          message: "has no '=': Docker takes the deploying shell's value",
        });
      } else {
        vars[entry.key] = entry.value;
      }
    }
    const checked = validateEnvVars(vars, { allowEmpty });
    issues.push(...checked.issues);
    if (schema) {
      const result = await schema.schema['~standard'].validate(vars);
      for (const issue of result.issues ?? []) {
        const key = String(issue.path?.[0] ?? '(file)');
        issues.push({
          key,
          code: 'SCHEMA',
          message: vars[key] === undefined ? 'is required but not set' : issue.message,
        });
      }
    }
    const located = issues.map((i) => ({
      ...i,
      key: lineOf.has(i.key) ? `${i.key} (line ${lineOf.get(i.key)})` : i.key,
    }));
    if (located.length > 0) throw new EnvValidationError({ issues: located, file: values.file });
    printWarnings(io, checked.warnings);
    io.stdout(`${values.file}: ${entries.length} variables, no problems\n`);
    return 0;
  }

  throw new UsageError(`unknown command "${command}"`);
}

function splitKeys(lists: string[]): string[] {
  return lists
    .flatMap((list) => list.split(','))
    .map((key) => key.trim())
    .filter(Boolean);
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

function parseMode(mode: string | undefined): number | undefined {
  if (mode === undefined) return undefined;
  if (!/^0?[0-7]{3}$/.test(mode))
    throw new UsageError(`--mode: "${mode}" is not an octal file mode like 600`);
  return Number.parseInt(mode, 8);
}

function printWarnings(io: CliIo, warnings: readonly { key: string; message: string }[]): void {
  for (const warning of warnings) io.stderr(`warning: ${warning.key} ${warning.message}\n`);
}
