import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, resolve } from 'node:path';
import {
  abortReasonError,
  engineMessage,
  OptionsError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import { execa } from 'execa';
import { checkCallOptions } from './check-call-options.js';
import { CollectStaticError, lastLines, StaticSyncError } from './errors.js';
import type { StaticSyncEvent } from './events.js';
import { extractArchive } from './extract-archive.js';
import { folderSize } from './folder-size.js';

interface CollectStaticCommon {
  /** `DJANGO_SETTINGS_MODULE` for the run. */
  settingsModule?: string;
  /** Extra environment for manage.py (passed as environment, never on a command line). */
  env?: Readonly<Record<string, string>>;
  /** Python executable. Default `python3`. */
  python?: string;
  /**
   * Where collectstatic writes (STATIC_ROOT): relative to the app folder or
   * absolute. Default: the folder collectstatic names in its summary line.
   */
  staticRoot?: string;
  /** Stops collectstatic (and removes its container) and rejects with CancelledError. */
  signal?: AbortSignal;
  /** Gives up after this long (the run and, in image mode, the copy). Default 10 minutes. */
  timeoutMs?: number;
  onEvent?: (event: StaticSyncEvent) => void;
}

export interface CollectStaticHostOptions extends CollectStaticCommon {
  mode: 'host';
  /** The folder with manage.py. Default: the current folder. */
  appDir?: string;
}

export interface CollectStaticImageOptions extends CollectStaticCommon {
  /** The default: collectstatic runs inside the image, so the runner needs no Python. */
  mode?: 'image';
  /** The just-built application image. */
  image: string;
  /**
   * The engine that has the image: what `connect()` of @swarmlift/remote returns
   * (for the runner's own engine, `connect({ target: 'unix:///var/run/docker.sock' })`).
   */
  remote: DockerRemote;
  /** The folder with manage.py inside the image. Default: the image's WorkingDir. */
  appDir?: string;
  /** Local folder the collected files are copied to. Default: a new temporary folder. */
  outDir?: string;
}

export type CollectStaticOptions = CollectStaticHostOptions | CollectStaticImageOptions;

export interface CollectStaticResult {
  /** Local folder holding the collected files: the `source` for syncStatic. */
  dir: string;
  files: number;
  bytes: number;
  durationMs: number;
}

type Container = Awaited<ReturnType<DockerRemote['docker']['createContainer']>>;

const COLLECT_ARGS = ['manage.py', 'collectstatic', '--noinput'];
const DEFAULT_TIMEOUT_MS = 600_000;
const LABEL = 'io.swarmlift.static-sync';

/**
 * Runs `manage.py collectstatic --noinput` on this machine (`host`) or in a
 * one-off container of the application image (`image`, the default) with
 * the entrypoint overridden — an entrypoint that waits for the database
 * would otherwise hang — and copies the result out.
 */
export async function collectStatic(options: CollectStaticOptions): Promise<CollectStaticResult> {
  const started = Date.now();
  const mode = options.mode ?? 'image';
  checkCallOptions(options);
  if (options.mode !== 'host') checkImageOptions(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: 'collectstatic',
  });
  try {
    throwIfAborted(deadline.signal);
    const image = options.mode === 'host' ? undefined : options.image;
    options.onEvent?.({ type: 'collect_started', mode, image });
    const run = { signal: deadline.signal, timeoutMs };
    const dir =
      options.mode === 'host'
        ? await collectOnHost(options, run)
        : await collectInImage(options, run);
    const { files, bytes } = await folderSize(dir).catch((error: unknown) => {
      throw new CollectStaticError({
        reason: `the collected folder ${dir} could not be read: ${(error as Error).message}`,
        output: [],
        hint: 'Pass staticRoot (your STATIC_ROOT) if collectstatic wrote elsewhere.',
        cause: error,
      });
    });
    const durationMs = Date.now() - started;
    options.onEvent?.({ type: 'collect_finished', mode, image, files, bytes, durationMs });
    return { dir, files, bytes, durationMs };
  } finally {
    deadline.dispose();
  }
}

function checkImageOptions(options: CollectStaticImageOptions): void {
  if (typeof options.image !== 'string' || options.image === '') {
    throw new OptionsError({
      field: 'image',
      message: "is required in mode 'image'.",
      hint: "Pass image (the built application image), or use mode: 'host'.",
    });
  }
  const docker = (options.remote as { docker?: { modem?: unknown } } | undefined)?.docker;
  if (typeof docker !== 'object' || docker === null || typeof docker.modem !== 'object') {
    throw new OptionsError({
      field: 'remote',
      message: "is required in mode 'image' (the engine that has the image).",
      hint: "Pass the object connect() of @swarmlift/remote returns, or use mode: 'host'.",
    });
  }
}

interface Run {
  /** The caller's signal combined with the deadline. */
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

function environment(options: CollectStaticCommon): Record<string, string> {
  return {
    ...options.env,
    ...(options.settingsModule ? { DJANGO_SETTINGS_MODULE: options.settingsModule } : {}),
  };
}

/** The error for a run stopped by `run.signal`: a timeout keeps collectstatic's last lines. */
function stoppedRun(run: Run, where: string, output: string): Error {
  const reason = abortReasonError(run.signal as AbortSignal);
  if ((reason as { code?: unknown }).code !== 'TIMED_OUT') return reason;
  return new CollectStaticError({
    reason: `stopped after ${run.timeoutMs} ms${where}`,
    output: lastLines(output),
    hint: 'Raise timeoutMs, or find out what collectstatic waits for (a storage backend that needs the network?).',
    cause: reason,
    category: 'timed_out',
  });
}

async function collectOnHost(options: CollectStaticHostOptions, run: Run): Promise<string> {
  const appDir = resolve(options.appDir ?? '.');
  const python = options.python ?? 'python3';
  const result = await execa(python, COLLECT_ARGS, {
    cwd: appDir,
    env: environment(options),
    all: true,
    reject: false,
    stdin: 'ignore',
    ...(run.signal ? { cancelSignal: run.signal } : {}),
  });
  const output = result.all ?? '';
  if (run.signal?.aborted) throw stoppedRun(run, '', output);
  if (result.failed) {
    const reason =
      result.exitCode !== undefined
        ? `${python} manage.py collectstatic exited with ${result.exitCode}`
        : `${python} could not be started in ${appDir} (${result.code ?? result.shortMessage})`;
    throw new CollectStaticError({
      reason,
      exitCode: result.exitCode,
      output: lastLines(output),
      ...(result.exitCode === undefined
        ? {
            hint: `Install Python with Django, pass python: '/path/to/python', or use mode: 'image'.`,
          }
        : {}),
    });
  }
  const root = options.staticRoot ?? destinationFrom(output);
  return isAbsolute(root) ? root : join(appDir, root);
}

async function collectInImage(options: CollectStaticImageOptions, run: Run): Promise<string> {
  const { image } = options;
  const { docker } = options.remote;
  const { signal } = run;
  const env = Object.entries(environment(options)).map(([key, value]) => `${key}=${value}`);
  // A run label finds the container again when the create call itself was cut off.
  const runId = randomUUID();
  const removeOurs = async () => {
    const found = await docker
      .listContainers({ all: true, filters: { label: [`${LABEL}.run=${runId}`] } })
      .catch(() => []);
    await Promise.all(
      found.map((info) =>
        docker
          .getContainer(info.Id)
          .remove({ force: true, v: true })
          .catch(() => {}),
      ),
    );
  };
  let container: Container;
  try {
    container = await docker.createContainer({
      Image: image,
      Entrypoint: [options.python ?? 'python3', ...COLLECT_ARGS],
      Cmd: [],
      Env: env,
      ...(options.appDir ? { WorkingDir: options.appDir } : {}),
      Labels: { [LABEL]: 'collectstatic', [`${LABEL}.run`]: runId },
      HostConfig: { NetworkMode: 'none' },
      ...(signal ? { abortSignal: signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) {
      await removeOurs();
      throw stoppedRun(run, ` in ${image}`, '');
    }
    throw new CollectStaticError({
      reason: `the container could not be created from ${image}: ${engineMessage(error)}`,
      output: [],
      hint: 'Check that the image exists on that engine (build it first) and the python path.',
      cause: error,
    });
  }
  const madeOutDir = options.outDir === undefined;
  let outDir: string | undefined;
  const kill = () => {
    container.kill().catch(() => {});
  };
  signal?.addEventListener('abort', kill, { once: true });
  try {
    throwIfAborted(signal);
    await container.start(signal ? { abortSignal: signal } : {});
    const waited = (await container.wait(signal ? { abortSignal: signal } : {})) as {
      StatusCode: number;
    };
    throwIfAborted(signal);
    const logs = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    if (waited.StatusCode !== 0) {
      throw new CollectStaticError({
        reason: `manage.py collectstatic exited with ${waited.StatusCode} in ${image}`,
        exitCode: waited.StatusCode,
        output: lastLines(logs),
      });
    }
    const info = await container.inspect(signal ? { abortSignal: signal } : {});
    const workdir = info.Config.WorkingDir || '/';
    const root = options.staticRoot ?? destinationFrom(logs);
    const inContainer = root.startsWith('/') ? root : posix.join(workdir, root);
    outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'swarmlift-static-')));
    const archive = await container.getArchive({
      path: inContainer,
      ...(signal ? { abortSignal: signal } : {}),
    });
    await extractArchive(archive, outDir, signal);
    return outDir;
  } catch (error) {
    if (madeOutDir && outDir) await rm(outDir, { recursive: true, force: true }).catch(() => {});
    if (signal?.aborted) {
      const logs = await container
        .logs({ stdout: true, stderr: true })
        .then((buffer) => demux(buffer as unknown as Buffer))
        .catch(() => '');
      throw stoppedRun(run, ` in ${image}`, logs);
    }
    if (StaticSyncError.isInstance(error)) throw error;
    throw new CollectStaticError({
      reason: `${outDir ? 'copying the files out of' : 'running'} the container of ${image} failed: ${engineMessage(error)}`,
      output: [],
      hint: outDir
        ? `Check that ${outDir} is writable and has room.`
        : 'Check that the engine is reachable and the image runs (docker run --rm --entrypoint python3 IMAGE manage.py collectstatic --noinput).',
      cause: error,
    });
  } finally {
    signal?.removeEventListener('abort', kill);
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}

/** The STATIC_ROOT collectstatic names in its summary: "120 static files copied to '/app/static'." */
export function destinationFrom(output: string): string {
  const match = /static files? (?:copied|symlinked) to '([^']+)'/.exec(output);
  if (!match?.[1]) {
    throw new CollectStaticError({
      reason: 'its output does not say where the files went',
      output: lastLines(output),
      hint: 'Pass staticRoot (your STATIC_ROOT), or keep collectstatic at its default verbosity.',
    });
  }
  return match[1];
}

/** Splits the Engine API's multiplexed log format (8-byte frame headers) into text. */
export function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if ((stream !== 1 && stream !== 2) || offset + 8 + size > buffer.length) {
      return buffer.toString('utf8'); // not multiplexed (a TTY container)
    }
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
