import { describeError } from '../output/describe-error.js';
import { type CheckId, type CheckResult, checkTitles, skip, type Verdict } from './check-result.js';

/** One check: what it needs to have passed first, and how it decides. */
export interface CheckDefinition {
  id: CheckId;
  /** Checks that must pass before this one can say anything. */
  needs: readonly CheckId[];
  run(): Promise<Verdict>;
}

/**
 * Runs every check as soon as the checks it needs have passed — independent
 * checks in parallel — and skips a check when one it needs did not pass.
 * `onResult` is called in the checks' given order (a result waits for those
 * before it), so the lines come out in a fixed order whatever finishes first.
 * A check that throws fails with the error's message and hint.
 */
export async function runChecks(
  definitions: readonly CheckDefinition[],
  onResult: (result: CheckResult) => void = () => {},
): Promise<CheckResult[]> {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const running = new Map<CheckId, Promise<CheckResult>>();
  const start = (definition: CheckDefinition): Promise<CheckResult> => {
    let promise = running.get(definition.id);
    if (promise) return promise;
    promise = (async (): Promise<CheckResult> => {
      const needed = await Promise.all(
        definition.needs.flatMap((id) => {
          const other = byId.get(id);
          return other ? [start(other)] : [];
        }),
      );
      const blocking = needed.find((result) => result.status !== 'ok');
      const verdict: Verdict = blocking
        ? skip(`needs "${blocking.title}", which did not pass`)
        : await definition.run().catch(verdictOfError);
      return { id: definition.id, title: checkTitles[definition.id], ...verdict };
    })();
    running.set(definition.id, promise);
    return promise;
  };
  const all = definitions.map(start);
  const results: CheckResult[] = [];
  for (const promise of all) {
    const result = await promise;
    onResult(result);
    results.push(result);
  }
  return results;
}

/** An unexpected error in a check: a failure with the error's own message and hint. */
function verdictOfError(error: unknown): Verdict {
  const described = describeError(error);
  return {
    status: 'failed',
    message: `${described.code ? `[${described.code}] ` : ''}${described.message}`,
    hint: described.hint ?? 'Run the check again; if it persists, report it with this message.',
  };
}
