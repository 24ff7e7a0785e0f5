import type { ErrorDescription } from './describe-error.js';
import { type LineKind, PlainPresenter, type StepView } from './presenter.js';
import { stepStartLine } from './step-lines.js';
import type { Style } from './style.js';
import { guardCommands, workflowCommand } from './workflow-command.js';

/**
 * Plain lines plus GitHub Actions workflow commands: each step in a
 * `::group::` (its end line after `::endgroup::`, so it shows when the group
 * is folded), warnings as `::warning::`, errors as `::error::`. Text we do not
 * control is wrapped in `::stop-commands::` when it looks like a command.
 */
export class GitHubPresenter extends PlainPresenter {
  private open_: StepView | undefined;

  constructor(
    out: (text: string) => void,
    style: Style,
    private readonly redact: (text: string) => string,
  ) {
    super(out, style);
  }

  protected override emit(text: string): void {
    this.out(guardCommands(text));
  }

  private command(line: string): void {
    this.out(`${line}\n`);
  }

  /** A command with data: redacted before it is escaped (escaping would hide a secret from `redact`). */
  private commandWith(
    name: string,
    data: string,
    properties: Record<string, string | undefined> = {},
  ): void {
    const redacted = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [
        key,
        value === undefined ? value : this.redact(value),
      ]),
    );
    this.command(workflowCommand(name, this.redact(data), redacted));
  }

  override open(step: StepView): void {
    if (this.open_) this.command('::endgroup::');
    this.open_ = step;
    this.commandWith('group', stepStartLine(step.id, step.title));
  }

  override line(step: StepView | undefined, kind: LineKind, text: string): void {
    if (kind === 'warn' || kind === 'event-warning') {
      this.commandWith('warning', text.replace(/\r\n/g, '\n').replace(/\n$/, ''));
      return;
    }
    super.line(step, kind, text);
  }

  override close(step: StepView): void {
    if (this.open_) this.command('::endgroup::');
    this.open_ = undefined;
    super.close(step);
  }

  override error(description: ErrorDescription): void {
    this.commandWith('error', description.message, { title: description.code });
    super.error(description);
  }

  override dispose(): void {
    if (this.open_) this.command('::endgroup::');
    this.open_ = undefined;
  }
}
