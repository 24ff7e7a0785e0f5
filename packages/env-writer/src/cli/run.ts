import { type BinIo, parseBinArgs, reportError, UsageError } from '@swarmlift/core';
import packageJson from '../../package.json' with { type: 'json' };
import { checkEnvFile } from '../check-env-file.js';
import { formatEvent } from '../format-event.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { writeEnvFile } from '../write-env-file.js';

const USAGE_LINE =
  'swarmlift-env write --out FILE [--from-env KEY1,KEY2,...] [--schema django] [--allow-empty] [--mode 600]\n' +
  '       swarmlift-env check --file FILE [--schema django] [--allow-empty]';

const HELP = `Usage:
  swarmlift-env write --out FILE [--from-env KEY1,KEY2,...] [--schema django] [--allow-empty] [--mode 600]
  swarmlift-env check --file FILE [--schema django] [--allow-empty]
  swarmlift-env --help | --version

write  Reads the named variables from this process's environment (never from
       the command line) and writes FILE atomically, mode 600, in the format
       docker run --env-file and docker stack deploy read literally.
       With --schema django, the guide's variables (SECRET_KEY, DB_*, REDIS_URI,
       DEBUG) are read too and validated.
check  Reads FILE with Docker's own rules and reports every problem by line.

Exit codes: 0 done, 1 failed (e.g. the file could not be written),
2 usage error or invalid variables or file, 130 cancelled.`;

const OPTIONS = {
  out: { type: 'string' },
  file: { type: 'string' },
  'from-env': { type: 'string', multiple: true },
  schema: { type: 'string' },
  'allow-empty': { type: 'boolean' },
  mode: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** The schemas `--schema` names; loaded on use, so a run without one never loads zod. */
const SCHEMAS: Record<string, () => Promise<{ schema: StandardSchemaV1; keys: string[] }>> = {
  django: async () => {
    const { djangoEnvSchema } = await import('../django-env-schema.js');
    return { schema: djangoEnvSchema, keys: Object.keys(djangoEnvSchema.shape) };
  },
};

/** The `swarmlift-env` bin: returns the exit code, never throws, never exits. */
export async function run(io: BinIo): Promise<number> {
  try {
    return await main(io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function main(io: BinIo): Promise<number> {
  const { values, positionals } = parseBinArgs(io.argv, OPTIONS, {
    allowPositionals: true,
    usage: USAGE_LINE,
  });
  const command = positionals[0];
  if (values.help || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (command === undefined) throw usage('name a command: write or check');
  if (positionals.length > 1) throw usage(`unexpected argument "${positionals[1]}"`);
  if (command !== 'write' && command !== 'check') throw usage(`unknown command "${command}"`);

  const loadSchema = values.schema === undefined ? undefined : SCHEMAS[values.schema];
  if (values.schema !== undefined && !loadSchema) {
    throw usage(
      `--schema: unknown schema "${values.schema}"; known: ${Object.keys(SCHEMAS).join(', ')}`,
    );
  }
  const allowEmpty = values['allow-empty'] ?? false;

  if (command === 'write') {
    if (!values.out) throw usage('write: --out FILE is required');
    const mode = parseMode(values.mode);
    const schema = await loadSchema?.();
    const keys = unique([...(schema?.keys ?? []), ...splitKeys(values['from-env'] ?? [])]);
    if (keys.length === 0) {
      throw usage('write: name the variables with --from-env KEY1,KEY2 or use --schema');
    }
    const vars: Record<string, string | undefined> = {};
    for (const key of keys) vars[key] = io.env[key];
    await writeEnvFile({
      path: values.out,
      vars,
      schema: schema?.schema,
      allowEmpty,
      mode,
      signal: io.signal,
      onEvent: (event) => {
        const line = formatEvent(event);
        if (line === undefined) return;
        (event.type === 'warning' ? io.stderr : io.stdout).write(`${line}\n`);
      },
    });
    return 0;
  }

  if (!values.file) throw usage('check: --file FILE is required');
  const schema = await loadSchema?.();
  const result = await checkEnvFile({
    path: values.file,
    schema: schema?.schema,
    allowEmpty,
    signal: io.signal,
  });
  for (const warning of result.warnings) io.stderr.write(`${formatEvent(warning)}\n`);
  io.stdout.write(`${values.file}: ${result.keys.length} variables, no problems\n`);
  return 0;
}

function usage(message: string): UsageError {
  return new UsageError(message, { usage: USAGE_LINE });
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
  if (!/^0?[0-7]{3}$/.test(mode)) {
    throw usage(`--mode: "${mode}" is not an octal file mode like 600`);
  }
  return Number.parseInt(mode, 8);
}
