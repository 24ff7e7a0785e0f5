import { abortReasonError, checkSignal, OptionsError, throwIfAborted } from '@swarmlift/core';
import { execa } from 'execa';
import { ImageBuilderError } from './errors.js';

export interface ResolveVersionOptions {
  /** An explicit commit SHA (7 to 40 hex digits). Wins over everything else. */
  sha?: string | undefined;
  /** Repository folder for `git rev-parse HEAD`; default `process.cwd()`. */
  cwd?: string | undefined;
  /** Environment to read `GITHUB_SHA` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Aborting stops `git`; rejects with core's CancelledError. */
  signal?: AbortSignal | undefined;
}

export interface ResolvedVersion {
  /** The first 7 hex digits, lower case: the image tag the guide calls GITHUB_SHA_SHORT. */
  version: string;
  /** The SHA as given (full when it came from GITHUB_SHA or git), for the OCI revision label. */
  revision: string;
  source: 'explicit' | 'GITHUB_SHA' | 'git';
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** The short SHA to tag images with: explicit `sha` > `GITHUB_SHA` > `git rev-parse HEAD`. */
export async function resolveVersion(
  options: ResolveVersionOptions = {},
): Promise<ResolvedVersion> {
  if (options.sha !== undefined && typeof options.sha !== 'string')
    throw new OptionsError({
      field: 'sha',
      message: 'must be a commit SHA string',
      hint: 'Give the commit SHA, e.g. the value of GITHUB_SHA, or leave it out.',
    });
  checkSignal(options.signal);
  throwIfAborted(options.signal);
  const env = options.env ?? process.env;
  if (options.sha !== undefined) return fromSha(options.sha, 'explicit');
  const fromEnv = env.GITHUB_SHA?.trim();
  if (fromEnv) return fromSha(fromEnv, 'GITHUB_SHA');
  const cwd = options.cwd ?? process.cwd();
  const { signal } = options;
  const result = await execa('git', ['rev-parse', '--verify', 'HEAD'], {
    cwd,
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  if (signal?.aborted) throw abortReasonError(signal);
  if (result.failed || result.exitCode !== 0) {
    throw new ImageBuilderError({
      code: 'IMAGE_VERSION_UNRESOLVED',
      message: `Cannot determine the commit: no sha given, GITHUB_SHA is unset and \`git rev-parse HEAD\` failed in ${cwd}: ${firstLine(result.stderr || result.shortMessage)}`,
      hint: 'Pass `sha`, set GITHUB_SHA, or run inside a git checkout with at least one commit.',
    });
  }
  return fromSha(result.stdout.trim(), 'git');
}

function fromSha(sha: string, source: ResolvedVersion['source']): ResolvedVersion {
  const trimmed = sha.trim();
  if (!SHA.test(trimmed) && source === 'explicit') {
    throw new OptionsError({
      field: 'sha',
      message: `is not a commit SHA (7 to 40 hex digits): ${JSON.stringify(trimmed.slice(0, 50))}`,
      hint: 'Give the commit SHA, e.g. the value of GITHUB_SHA or `git rev-parse HEAD`.',
    });
  }
  if (!SHA.test(trimmed)) {
    throw new ImageBuilderError({
      code: 'IMAGE_VERSION_UNRESOLVED',
      message: `${source} is not a commit SHA (7 to 40 hex digits): ${JSON.stringify(trimmed.slice(0, 50))}`,
      hint: 'Give the commit SHA, e.g. the value of GITHUB_SHA or `git rev-parse HEAD`.',
    });
  }
  const revision = trimmed.toLowerCase();
  return { version: revision.slice(0, 7), revision, source };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}
