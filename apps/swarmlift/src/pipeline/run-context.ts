import type { Remote } from '@swarmlift/remote';
import type { PackageEvent, Reporter, Step } from '../output/reporter.js';
import type { Settings } from '../settings/settings.js';
import type { StaticHost } from './connections.js';

/** What every step of a command gets: its settings, where to print, and when to stop. */
export interface RunContext {
  settings: Settings;
  reporter: Reporter;
  /** Aborts on SIGINT/SIGTERM. */
  signal: AbortSignal | undefined;
  /** The process environment (for compose interpolation). */
  env: Readonly<Record<string, string | undefined>>;
  /** The manager, connected once on first use and shared by every step. */
  manager(): Promise<Remote>;
  /** The hosts that serve the static files (STATIC_HOSTS, else the manager in use), connected once. */
  staticHosts(): Promise<StaticHost[]>;
  /** The runner's own engine (builds and `collectstatic` in the image), connected on first use. */
  runnerEngine(): Promise<Remote>;
  /** Closes every connection opened. */
  close(): Promise<void>;
}

/** A package's `onEvent` that forwards into a step, formatted with that package's `formatEvent`. */
export function forwardEvents<E extends { type: string }>(
  step: Pick<Step, 'event'>,
  source: string,
  format: (event: E) => string | undefined,
): (event: E) => void {
  return (event) => {
    const packageEvent: PackageEvent = {
      source,
      event: event as unknown as PackageEvent['event'],
      line: format(event),
    };
    step.event(packageEvent);
  };
}

/**
 * Events of work that runs in the background before its step is shown
 * (e.g. planning while static files upload): kept, then replayed into the
 * step once it starts, so the output stays in pipeline order.
 */
export class EventBuffer {
  private readonly events: PackageEvent[] = [];
  private target: Pick<Step, 'event'> | undefined;

  readonly sink: Pick<Step, 'event'> = {
    event: (event) => {
      if (this.target) this.target.event(event);
      else this.events.push(event);
    },
  };

  /** Replays what was kept into `step`, and forwards what comes later. */
  attach(step: Pick<Step, 'event'>): void {
    for (const event of this.events.splice(0)) step.event(event);
    this.target = step;
  }
}
