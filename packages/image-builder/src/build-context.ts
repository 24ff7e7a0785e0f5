import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  abortReasonError,
  CancelledError,
  checkSignal,
  OptionsError,
  throwIfAborted,
} from '@swarmlift/core';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { DockerignoreMatcher, parseDockerignore } from './dockerignore.js';
import { isPassThrough } from './engine-failure.js';
import { ImageBuilderError } from './errors.js';

/** The fixed modification time of every entry, so that equal trees give byte-equal archives. */
export const CONTEXT_MTIME = new Date('2000-01-01T00:00:00Z');

/** Files up to this size are read in one call; larger ones are streamed into the archive. */
const SMALL_FILE = 256 * 1024;

export interface PackContextOptions {
  /** The build context folder. */
  context: string;
  /** The Dockerfile, relative to `context` (as in a compose file) or absolute; may lie outside the context. Default `Dockerfile`. */
  dockerfile?: string | undefined;
  /** Apply the context's `.dockerignore` (default true); false sends everything, for comparisons. */
  dockerignore?: boolean | undefined;
  /** Aborting destroys the stream (with core's CancelledError, or the signal's TimedOutError) and stops the walk. */
  signal?: AbortSignal | undefined;
}

export interface PackedContext {
  /** The tar stream; generated while it is read, never held in memory whole. */
  stream: Readable;
  /** The Dockerfile's path inside the archive, for the engine's `dockerfile` parameter. */
  dockerfile: string;
  /**
   * Settles when the whole archive was read: entries and bytes sent. Rejects
   * with `IMAGE_CONTEXT_INVALID` when a file cannot be read, with the abort
   * error, or with a `CancelledError` when the reader destroyed the stream
   * before its end. Never left pending, never an unhandled rejection.
   */
  done: Promise<{ files: number; bytes: number }>;
}

interface Entry {
  rel: string;
  abs: string;
  info: Stats;
  /** The content of a small regular file, read ahead of its turn. */
  body?: Promise<Buffer>;
}

/** How many entries are read ahead of the one being written (bounded: at most this many small files). */
const READ_AHEAD = 32;

/**
 * Packs a build context the way the Docker CLI does: `.dockerignore` applied
 * with Docker's matcher, the Dockerfile and `.dockerignore` always sent, an
 * excluded folder still walked when an exception (`!…`) lies below it, and a
 * Dockerfile outside the context added under a name the engine then removes.
 * Entries are sorted, with uid/gid 0 and a fixed mtime.
 */
export async function packContext(options: PackContextOptions): Promise<PackedContext> {
  checkPackOptions(options);
  const { signal } = options;
  throwIfAborted(signal);
  const root = resolve(options.context);
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw contextError(
      `the build context ${root} is not a folder`,
      'Pass the folder to build from as `context`.',
    );
  }
  const dockerfileAbs = resolve(root, options.dockerfile ?? 'Dockerfile');
  const dockerfileText = await readFile(dockerfileAbs).catch(() => undefined);
  if (dockerfileText === undefined) {
    throw contextError(
      `the Dockerfile ${dockerfileAbs} cannot be read`,
      '`dockerfile` is resolved against the context folder; check the path.',
    );
  }
  const inside = relative(root, dockerfileAbs);
  const outside = inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside);
  const ignoreText = await readFile(join(root, '.dockerignore'), 'utf8').catch(() => undefined);

  let patterns =
    options.dockerignore === false || ignoreText === undefined ? [] : parseDockerignore(ignoreText);
  // The engine needs both files; it deletes them from the context itself when they are excluded.
  const keep = ['.dockerignore', ...(outside ? [] : [inside.split(sep).join('/')])];
  const probe = new DockerignoreMatcher(patterns);
  for (const file of keep) if (probe.excludes(file)) patterns = [...patterns, `!${file}`];
  const matcher = new DockerignoreMatcher(patterns);

  // Outside the context, the Dockerfile travels under a content-derived name that
  // .dockerignore lists, so the engine reads it and then drops it from the context.
  const extraName = outside
    ? `.dockerfile.${createHash('sha256').update(dockerfileText).digest('hex').slice(0, 20)}`
    : undefined;
  // Without a .dockerignore of its own, the generated one also lists itself (as the CLI's does).
  const dockerignoreOverride =
    extraName === undefined
      ? undefined
      : Buffer.from(`${ignoreText ?? '.dockerignore'}\n${extraName}\n`);

  const tar = tarPack();
  let bytes = 0;
  let files = 0;
  let ended = false;
  // Counts what the reader took; a Transform (not a 'data' listener) so nothing flows before it is read.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const done = new Promise<{ files: number; bytes: number }>((resolveDone, rejectDone) => {
    counter.on('end', () => {
      ended = true;
      resolveDone({ files, bytes });
    });
    counter.on('error', rejectDone);
    // Destroyed without an error (the reader gave up, e.g. the engine request failed): never pending.
    counter.on('close', () => {
      if (!ended)
        rejectDone(
          new CancelledError({
            message: `The build context stream of ${root} was closed before it was read to the end`,
          }),
        );
    });
  });
  done.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection

  // Any failure ends the reader's stream with one error; later ones (the tar's premature-close
  // error once the reader is gone, a failed entry write) have nowhere to go and are dropped here,
  // so they never surface as an uncaught stream error.
  const fail = (error: unknown) => {
    if (!counter.destroyed) {
      counter.destroy(
        isPassThrough(error)
          ? error
          : new ImageBuilderError({
              code: 'IMAGE_CONTEXT_INVALID',
              message: `Reading the build context ${root} failed: ${error instanceof Error ? error.message : String(error)}`,
              hint: 'Check that every file in the context is readable.',
              cause: error,
            }),
      );
    }
    if (!tar.destroyed) tar.destroy();
  };
  tar.on('error', fail);
  const onAbort = () => fail(abortReasonError(signal as AbortSignal));
  signal?.addEventListener('abort', onAbort, { once: true });
  counter.on('close', () => signal?.removeEventListener('abort', onAbort));
  tar.pipe(counter);

  const fill = async () => {
    let sawDockerignore = false;
    for await (const entry of readAhead(walk(root, '', matcher, undefined))) {
      if (counter.destroyed) return; // the reader is gone or the call was aborted: stop walking
      const { info } = entry;
      const base = {
        name: entry.rel,
        mode: info.mode & 0o7777,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        mtime: CONTEXT_MTIME,
      };
      if (info.isDirectory()) {
        await addEntry(tar, { ...base, name: `${entry.rel}/`, type: 'directory' });
      } else if (info.isSymbolicLink()) {
        await addEntry(tar, { ...base, type: 'symlink', linkname: await readlink(entry.abs) });
      } else if (info.isFile()) {
        if (entry.rel === '.dockerignore' && dockerignoreOverride) {
          sawDockerignore = true;
          await addEntry(
            tar,
            { ...base, type: 'file', size: dockerignoreOverride.length },
            dockerignoreOverride,
          );
        } else if (info.size <= SMALL_FILE) {
          // Small files in one read: far cheaper than a stream per file, and still bounded memory.
          const body = await (entry.body ?? readFile(entry.abs));
          await addEntry(tar, { ...base, type: 'file', size: body.length }, body);
        } else {
          const sink = tar.entry({ ...base, type: 'file', size: info.size });
          await pipeline(createReadStream(entry.abs), sink as unknown as NodeJS.WritableStream);
        }
      } else {
        continue; // sockets, FIFOs and devices are not sent, as with the Docker CLI
      }
      files++;
    }
    if (extraName !== undefined && dockerignoreOverride !== undefined) {
      const base = {
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        mtime: CONTEXT_MTIME,
        type: 'file' as const,
      };
      if (!sawDockerignore) {
        await addEntry(
          tar,
          { ...base, name: '.dockerignore', mode: 0o644, size: dockerignoreOverride.length },
          dockerignoreOverride,
        );
        files++;
      }
      await addEntry(
        tar,
        { ...base, name: extraName, mode: 0o644, size: dockerfileText.length },
        dockerfileText,
      );
      files++;
    }
    tar.finalize();
  };
  fill().catch(fail);

  return { stream: counter, dockerfile: extraName ?? inside.split(sep).join('/'), done };
}

function addEntry(
  tar: ReturnType<typeof tarPack>,
  header: Parameters<ReturnType<typeof tarPack>['entry']>[0],
  body?: Buffer,
): Promise<void> {
  return new Promise((resolveEntry, rejectEntry) => {
    const callback = (error?: Error | null) => (error ? rejectEntry(error) : resolveEntry());
    if (body === undefined) tar.entry(header, callback);
    else tar.entry(header, body, callback);
  });
}

/**
 * Starts reading small files while earlier entries are still being written:
 * one file at a time costs four thread-pool round trips (open, stat, read,
 * close) in a row, which dominated packing time for many small files.
 */
async function* readAhead(entries: AsyncGenerator<Entry>): AsyncGenerator<Entry> {
  const window: Entry[] = [];
  for await (const entry of entries) {
    if (entry.info.isFile() && entry.info.size <= SMALL_FILE && entry.rel !== '.dockerignore') {
      const body = readFile(entry.abs);
      body.catch(() => {}); // a failure surfaces where the body is awaited
      entry.body = body;
    }
    window.push(entry);
    if (window.length >= READ_AHEAD) yield window.shift() as Entry;
  }
  yield* window;
}

/** Walks in byte order of names, as Go's `filepath.WalkDir` does, yielding what the context holds. */
async function* walk(
  root: string,
  dir: string,
  matcher: DockerignoreMatcher,
  parent: readonly boolean[] | undefined,
): AsyncGenerator<Entry> {
  const names = (await readdir(join(root, dir))).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const infos = await Promise.all(names.map((name) => lstat(join(root, dir, name))));
  for (const [index, name] of names.entries()) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    const abs = join(root, rel);
    const { excluded, matches } = matcher.match(rel, parent);
    const info = infos[index] as Stats;
    if (excluded) {
      // An excluded folder is still entered when an exception may re-include something below it.
      if (info.isDirectory() && matcher.hasExclusions && matcher.hasExceptionBelow(rel)) {
        yield* walk(root, rel, matcher, matches);
      }
      continue;
    }
    yield { rel, abs, info };
    if (info.isDirectory()) yield* walk(root, rel, matcher, matches);
  }
}

function contextError(message: string, hint: string): ImageBuilderError {
  return new ImageBuilderError({
    code: 'IMAGE_CONTEXT_INVALID',
    message: `Invalid build context: ${message}`,
    hint,
  });
}

/** Lists what `packContext` would send, in archive order (for tests and dry runs). */
export async function listContext(options: PackContextOptions): Promise<string[]> {
  const { stream } = await packContext(options);
  const names: string[] = [];
  const reader = tarExtract();
  reader.on('entry', (header, body, next) => {
    names.push(header.type === 'directory' ? `${header.name.replace(/\/$/, '')}/` : header.name);
    body.on('end', next);
    body.resume();
  });
  try {
    await pipeline(stream, reader as unknown as NodeJS.WritableStream);
  } catch (error) {
    if (options.signal?.aborted) throw abortReasonError(options.signal);
    if (isPassThrough(error)) throw error;
    throw new ImageBuilderError({
      code: 'IMAGE_CONTEXT_INVALID',
      message: `Listing the build context ${resolve(options.context)} failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Check that every file in the context is readable.',
      cause: error,
    });
  }
  return names;
}

function checkPackOptions(options: PackContextOptions): void {
  if (typeof options?.context !== 'string' || options.context === '')
    throw new OptionsError({
      field: 'context',
      message: 'must be the path of the folder to build from',
      hint: "Pass the build context folder, e.g. context: '.'.",
    });
  if (
    options.dockerfile !== undefined &&
    (typeof options.dockerfile !== 'string' || options.dockerfile === '')
  )
    throw new OptionsError({
      field: 'dockerfile',
      message: 'must be a path, relative to the context or absolute',
      hint: "E.g. dockerfile: 'deployment/Dockerfile'; leave it out for <context>/Dockerfile.",
    });
  checkSignal(options.signal);
}
