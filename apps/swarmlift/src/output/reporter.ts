import type { BinIo, ErrorCategory } from '@swarmlift/core';

/** The pipeline's steps, in order; also the keys of `--json` step events and the job summary. */
export type StepId =
  | 'settings'
  | 'version'
  | 'compose'
  | 'connect'
  | 'build'
  | 'static'
  | 'env'
  | 'lock'
  | 'plan'
  | 'apply'
  | 'wait'
  | 'migrate'
  | 'record'
  | 'manage'
  | 'unlock';

/** A package event as it arrives: the raw event (for --json) and its package's formatEvent line (for people). */
export interface PackageEvent {
  /** The package that emitted it, e.g. `image-builder`. */
  source: string;
  event: { type: string } & Record<string, unknown>;
  /** `formatEvent(event)` of that package; undefined = not worth a line for people. */
  line: string | undefined;
}

/** One running step: everything printed inside it is grouped under it (a `::group::` under GitHub Actions). */
export interface Step {
  readonly id: StepId;
  event(event: PackageEvent): void;
  info(line: string): void;
  warn(line: string): void;
  /** The step finished; `detail` is its one-line result (e.g. `pushed sha256:ab12… in 4.1 s`). */
  done(detail?: string): void;
  /** The step was not needed (e.g. `the registry already has abc1234`). */
  skip(reason: string): void;
  /** The step failed; the error is printed by `Reporter.error`, this only closes the step. */
  fail(error?: unknown): void;
}

/** How a run ended: done (`deployed`, `unchanged`, `ok`), or the category of the error that stopped it. */
export type RunStatus = 'deployed' | 'unchanged' | 'ok' | ErrorCategory;

export interface StepSummary {
  id: StepId;
  title: string;
  status: 'done' | 'skipped' | 'failed' | 'running';
  durationMs: number;
  detail?: string | undefined;
}

/** The final result of a command: one JSON object on stdout under --json, the job summary and outputs under GitHub Actions. */
export interface RunSummary {
  command: string;
  status: RunStatus;
  exitCode: number;
  durationMs: number;
  stack?: string | undefined;
  version?: string | undefined;
  /** The manager used (`deploy@198.18.0.3:22`), once one was connected: with several managers, which answered. */
  manager?: string | undefined;
  /** The image reference deployed, `registry/name:tag`. */
  image?: string | undefined;
  /** Its digest, `sha256:…`. */
  digest?: string | undefined;
  services?: { name: string; action: string; image?: string | undefined }[] | undefined;
  migrations?: string[] | undefined;
  staticRelease?: string | undefined;
  /** Which version serves now, when the deploy failed. */
  serving?: string | undefined;
  /** The error's code and message when it failed (redacted). */
  error?: { code?: string | undefined; message: string; hint?: string | undefined } | undefined;
  /** Filled in by the reporter from the steps it saw. */
  steps?: StepSummary[] | undefined;
  /**
   * The command's own result (status → the stack's state, history → its
   * records), in the final `--json` summary line; the human summary and the
   * job summary leave it out (the command printed it with `output`).
   */
  data?: Record<string, unknown> | undefined;
}

/**
 * Everything the CLI prints goes through a Reporter: step lines with
 * durations (progress on a TTY, plain lines elsewhere), JSON lines with
 * `--json` (events and one final summary on stdout, everything else on
 * stderr), and GitHub Actions commands when GITHUB_ACTIONS=true. Every line
 * is redacted with every configured secret before it is written.
 */
export interface Reporter {
  /** Adds secret values learned later (each is masked at once under GitHub Actions). */
  addSecrets(values: Iterable<string>): void;
  /** Starts a step; the previous one must be finished. */
  step(id: StepId, title: string): Step;
  /** A line outside any step. */
  info(line: string): void;
  warn(line: string): void;
  /** A multi-line block printed as it is (after redaction): a plan, a traceback, task logs. */
  block(title: string, text: string): void;
  /** Prints an error: `error [CODE]: message`, `hint: …`; `::error::` under GitHub Actions. */
  error(error: unknown): void;
  /**
   * The command's own output (a table, log lines) on stdout, redacted; not
   * written under `--json`, where stdout holds JSON lines only.
   */
  output(text: string): void;
  /** One JSON line on stdout under `--json` (redacted like every JSON line); nothing otherwise. */
  outputJson(value: Record<string, unknown> & { type: string }): void;
  /** The final summary; returns once the job summary and outputs are written. */
  finish(summary: RunSummary): Promise<void>;
}

export interface ReporterOptions {
  io: Pick<BinIo, 'stdout' | 'stderr' | 'env'>;
  /** `--json`: JSON lines on stdout. */
  json: boolean;
  /** Secret values known at start (masked first, before anything else is printed). */
  secrets: Iterable<string>;
  /** Clock for durations (tests). */
  now?: () => number;
  /** `false` for `--no-color` (NO_COLOR in `io.env` also turns colour off). */
  color?: boolean | undefined;
}
