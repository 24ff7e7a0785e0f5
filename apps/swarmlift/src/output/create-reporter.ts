import { describeError, type ErrorDescription } from './describe-error.js';
import { detectMode, type OutputMode } from './detect-mode.js';
import { appendTo, outputEntries, renderOutputs } from './github-files.js';
import { GitHubPresenter } from './github-presenter.js';
import { jobSummaryMarkdown } from './job-summary.js';
import { jsonLine, redactValue } from './json-line.js';
import { type LineKind, PlainPresenter, type Presenter, type StepView } from './presenter.js';
import { createRedactor } from './redactor.js';
import type {
  PackageEvent,
  Reporter,
  ReporterOptions,
  RunSummary,
  Step,
  StepId,
  StepSummary,
} from './reporter.js';
import { maskValues } from './secret-values.js';
import { createStyle } from './style.js';
import { summaryLines } from './summary-lines.js';
import { TtyPresenter } from './tty-presenter.js';
import { workflowCommand } from './workflow-command.js';

interface StepState {
  view: StepView;
  ended: boolean;
  /** Lines of a step that runs while another one is shown, replayed when it is shown. */
  buffer: [LineKind, string][];
}

/**
 * The reporter every command prints through. Human output goes to **stderr**
 * in every mode (so stdout stays free for data: JSON lines under `--json`,
 * nothing otherwise); GitHub Actions commands go there too, in order with
 * the lines they belong to (the runner reads commands from both streams).
 *
 * - On a terminal (not CI, TERM not dumb): a live line for the running step
 *   with its elapsed time, finished steps as permanent lines.
 * - Otherwise plain lines: each step's start and end with its duration, its
 *   lines indented under it.
 * - `--json`: stdout carries only JSON lines — `step_start`, `step_end`,
 *   `event` and one final `summary`.
 * - GITHUB_ACTIONS=true: `::add-mask::` for every secret (and its derived
 *   forms) before anything else, a `::group::` per step, `::warning::`,
 *   `::error::`, the job summary and the step outputs.
 *
 * Every byte written (but the masks themselves) has passed through
 * env-writer's `redact` with every secret known at that moment. Steps that
 * overlap are shown one after the other: the lines of a step started while
 * another is shown are kept until that one ends.
 */
export function createReporter(options: ReporterOptions): Reporter {
  const { io } = options;
  const env = io.env;
  const now = options.now ?? Date.now;
  const mode: OutputMode = detectMode({ env, isTTY: io.stderr.isTTY, color: options.color });
  const redactor = createRedactor();
  const redact = (text: string) => redactor.redact(text);
  const style = createStyle(mode.color);

  const writeMasks = (secrets: readonly string[]) => {
    if (!mode.github || secrets.length === 0) return;
    const lines = secrets
      .flatMap(maskValues)
      .map((value) => `${workflowCommand('add-mask', value)}\n`);
    // Masks are the one thing not redacted: they tell the runner what to hide.
    if (lines.length > 0) io.stderr.write([...new Set(lines)].join(''));
  };
  // First, before any other output.
  writeMasks(redactor.add(options.secrets ?? []));

  /**
   * Text as it comes in is redacted at once, before it is split, indented,
   * cut or escaped (those could break a secret apart so `redact` no longer
   * sees it); what is written is redacted again with every secret known then.
   */
  const clean = (value: unknown): string =>
    redact(typeof value === 'string' ? value : String(value));
  const cleanDescription = (d: ErrorDescription): ErrorDescription => ({
    ...d,
    code: d.code === undefined ? undefined : clean(d.code),
    message: clean(d.message),
    hint: d.hint === undefined ? undefined : clean(d.hint),
    usage: d.usage === undefined ? undefined : clean(d.usage),
    debug: d.debug === undefined ? undefined : clean(d.debug),
  });

  const human = (text: string) => {
    io.stderr.write(redact(text));
  };
  const json = (value: Record<string, unknown> & { type: string }) => {
    if (options.json) io.stdout.write(jsonLine(value, redact));
  };

  let presenter: Presenter;
  if (mode.github) presenter = new GitHubPresenter(human, style, redact);
  else if (mode.tty) {
    presenter = new TtyPresenter({
      out: human,
      style,
      redact,
      now,
      columns: () => (io.stderr as { columns?: number }).columns || 80,
    });
  } else presenter = new PlainPresenter(human, style);

  const all: StepState[] = [];
  /** Started and not yet shown to the end; the first one is the one shown. */
  const queue: StepState[] = [];
  let lastError: ErrorDescription | undefined;
  let finished = false;

  const running = () => presenter.running(queue.filter((s) => !s.ended).map((s) => s.view));

  const showNext = () => {
    for (let next = queue[0]; next; next = queue[0]) {
      presenter.open(next.view);
      for (const [kind, text] of next.buffer.splice(0)) presenter.line(next.view, kind, text);
      if (!next.ended) return;
      presenter.close(next.view);
      queue.shift();
    }
  };

  const stepLine = (state: StepState, kind: LineKind, text: string) => {
    const shown = queue[0] === state;
    if (shown && !state.ended) presenter.line(state.view, kind, text);
    // Waiting to be shown (running or ended): kept with its step.
    else if (!shown && queue.includes(state)) state.buffer.push([kind, text]);
    // Its step is over and shown: a line of its own.
    else presenter.line(undefined, kind, text);
  };

  const end = (
    state: StepState,
    status: StepSummary['status'],
    detail: string | undefined,
    error?: unknown,
  ) => {
    if (state.ended) return;
    state.ended = true;
    const summary = state.view.summary;
    summary.status = status;
    summary.durationMs = Math.max(0, now() - state.view.startedAt);
    if (detail !== undefined && detail !== '') summary.detail = clean(detail);
    const description = error === undefined ? undefined : cleanDescription(describeError(error));
    state.view.errorCode = description?.code;
    json({
      type: 'step_end',
      step: state.view.id,
      status,
      durationMs: summary.durationMs,
      ...(summary.detail !== undefined ? { detail: summary.detail } : {}),
      ...(description
        ? {
            error: {
              ...(description.code ? { code: description.code } : {}),
              message: description.message,
            },
          }
        : {}),
    });
    if (queue[0] === state) {
      presenter.close(state.view);
      queue.shift();
      showNext();
    }
    running();
  };

  const step = (id: StepId, rawTitle: string): Step => {
    const title = clean(rawTitle);
    const startedAt = now();
    const state: StepState = {
      view: { id, title, startedAt, summary: { id, title, status: 'running', durationMs: 0 } },
      ended: false,
      buffer: [],
    };
    all.push(state);
    queue.push(state);
    json({ type: 'step_start', step: id, title });
    if (queue.length === 1) presenter.open(state.view);
    running();
    return {
      id,
      event(event: PackageEvent) {
        json({ type: 'event', step: id, source: event.source, event: event.event });
        if (event.line === undefined || event.line === '') return;
        const kind = event.event?.type === 'warning' ? 'event-warning' : 'event';
        stepLine(state, kind, clean(event.line));
      },
      info: (line) => stepLine(state, 'info', clean(line)),
      warn: (line) => stepLine(state, 'warn', clean(line)),
      done: (detail) => end(state, 'done', detail),
      skip: (reason) => end(state, 'skipped', reason),
      fail: (error) => end(state, 'failed', undefined, error),
    };
  };

  const writeGitHubFiles = async (summary: RunSummary) => {
    const problems: string[] = [];
    const summaryFile = env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        await appendTo(summaryFile, redact(jobSummaryMarkdown(summary)));
      } catch (error) {
        problems.push(`could not write the job summary: ${describeError(error).message}`);
      }
    }
    const outputFile = env.GITHUB_OUTPUT;
    if (outputFile) {
      try {
        const entries = outputEntries(summary).map(([name, value]): [string, string] => [
          name,
          redact(value),
        ]);
        await appendTo(outputFile, renderOutputs(entries));
      } catch (error) {
        problems.push(`could not write the step outputs: ${describeError(error).message}`);
      }
    }
    for (const problem of problems) presenter.line(undefined, 'warn', clean(problem));
  };

  return {
    addSecrets(values) {
      writeMasks(redactor.add(values));
    },
    step,
    info: (line) => presenter.line(undefined, 'info', clean(line)),
    warn: (line) => presenter.line(undefined, 'warn', clean(line)),
    block: (title, text) => presenter.block(clean(title), clean(text)),
    output(text) {
      if (!options.json) io.stdout.write(redact(text));
    },
    outputJson: json,
    error(error) {
      lastError = cleanDescription(describeError(error, { debug: mode.debug }));
      presenter.error(lastError);
    },
    async finish(input) {
      if (finished) return;
      finished = true;
      while (queue[0]) end(queue[0], 'running', undefined);
      presenter.dispose();
      const summary: RunSummary = redactValue(
        {
          ...input,
          steps: input.steps ?? all.map((s) => ({ ...s.view.summary })),
          error:
            input.error ??
            (lastError &&
            input.status !== 'deployed' &&
            input.status !== 'ok' &&
            input.status !== 'unchanged'
              ? {
                  ...(lastError.code ? { code: lastError.code } : {}),
                  message: lastError.message,
                  ...(lastError.hint ? { hint: lastError.hint } : {}),
                }
              : undefined),
        },
        redact,
      );
      presenter.summary(summaryLines(summary));
      json({ type: 'summary', ...summary });
      if (mode.github) await writeGitHubFiles(summary);
    },
  };
}
