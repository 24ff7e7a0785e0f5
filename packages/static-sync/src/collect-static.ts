import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, resolve } from 'node:path';
import type Dockerode from 'dockerode';
import { execa } from 'execa';
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
  /** Stop collectstatic after this long. Default 10 minutes. */
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
  /** The engine that has the image (e.g. `remote.docker`, or a local dockerode). */
  docker: Dockerode;
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

const COLLECT_ARGS = ['manage.py', 'collectstatic', '--noinput'];

/**
 * Runs `manage.py collectstatic --noinput` on this machine (`host`) or in a
 * one-off container of the application image (`image`, the default) with
 * the entrypoint overridden — an entrypoint that waits for the database
 * would otherwise hang — and copies the result out.
 */
export async function collectStatic(options: CollectStaticOptions): Promise<CollectStaticResult> {
  const started = Date.now();
  const mode = options.mode ?? 'image';
  options.onEvent?.({ type: 'collect_started', mode });
  const dir =
    options.mode === 'host' ? await collectOnHost(options) : await collectInImage(options);
  const { files, bytes } = await folderSize(dir);
  const durationMs = Date.now() - started;
  options.onEvent?.({ type: 'collect_finished', mode, files, bytes, durationMs });
  return { dir, files, bytes, durationMs };
}

function environment(options: CollectStaticCommon): Record<string, string> {
  return {
    ...options.env,
    ...(options.settingsModule ? { DJANGO_SETTINGS_MODULE: options.settingsModule } : {}),
  };
}

async function collectOnHost(options: CollectStaticHostOptions): Promise<string> {
  const appDir = resolve(options.appDir ?? '.');
  const python = options.python ?? 'python3';
  const result = await execa(python, COLLECT_ARGS, {
    cwd: appDir,
    env: environment(options),
    all: true,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 600_000,
  });
  const output = result.all ?? '';
  if (result.failed) {
    const reason = result.timedOut
      ? `stopped after ${options.timeoutMs ?? 600_000} ms`
      : result.exitCode !== undefined
        ? `${python} manage.py collectstatic exited with ${result.exitCode}`
        : `${python} could not be started in ${appDir} (${result.code ?? result.shortMessage})`;
    throw new CollectStaticError({
      reason,
      exitCode: result.exitCode,
      output: lastLines(output),
      ...(result.exitCode === undefined && !result.timedOut
        ? {
            hint: `Install Python with Django, pass python: '/path/to/python', or use mode: 'image'.`,
          }
        : {}),
    });
  }
  const root = options.staticRoot ?? destinationFrom(output);
  return isAbsolute(root) ? root : join(appDir, root);
}

async function collectInImage(options: CollectStaticImageOptions): Promise<string> {
  if (!options.image || !options.docker) {
    throw new StaticSyncError({
      code: 'OPTION_INVALID',
      message: `collectStatic mode 'image' needs ${options.image ? 'docker' : 'image'}.`,
      hint: "Pass image (the built application image) and docker (e.g. remote.docker), or use mode: 'host'.",
    });
  }
  const { docker } = options;
  const env = Object.entries(environment(options)).map(([key, value]) => `${key}=${value}`);
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer({
      Image: options.image,
      Entrypoint: [options.python ?? 'python3', ...COLLECT_ARGS],
      Cmd: [],
      Env: env,
      ...(options.appDir ? { WorkingDir: options.appDir } : {}),
      Labels: { 'io.swarmlift.static-sync': 'collectstatic' },
      HostConfig: { NetworkMode: 'none' },
    });
  } catch (error) {
    throw new CollectStaticError({
      reason: `the container could not be created from ${options.image}: ${(error as Error).message}`,
      output: [],
      hint: 'Check that the image exists on that engine (build it first) and the python path.',
      cause: error,
    });
  }
  try {
    const timeoutMs = options.timeoutMs ?? 600_000;
    await container.start();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      container.kill().catch(() => {});
    }, timeoutMs);
    const waited = (await container.wait().finally(() => clearTimeout(timer))) as {
      StatusCode: number;
    };
    const logs = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    if (waited.StatusCode !== 0 || timedOut) {
      throw new CollectStaticError({
        reason: timedOut
          ? `stopped after ${timeoutMs} ms in ${options.image}`
          : `manage.py collectstatic exited with ${waited.StatusCode} in ${options.image}`,
        exitCode: waited.StatusCode,
        output: lastLines(logs),
      });
    }
    const info = await container.inspect();
    const workdir = info.Config.WorkingDir || '/';
    const root = options.staticRoot ?? destinationFrom(logs);
    const inContainer = root.startsWith('/') ? root : posix.join(workdir, root);
    const outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'swarmlift-static-')));
    const archive = await container.getArchive({ path: inContainer });
    await extractArchive(archive, outDir);
    return outDir;
  } finally {
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
