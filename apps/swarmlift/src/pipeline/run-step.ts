import type { Step, StepId } from '../output/reporter.js';
import type { RunContext } from './run-context.js';

/**
 * Runs one reported step: `work` returns its value and the step's one-line
 * result; a thrown error closes the step as failed and propagates. A step
 * that `work` already closed (skip, done) is left as it is.
 */
export async function runStep<T>(
  context: Pick<RunContext, 'reporter'>,
  id: StepId,
  title: string,
  work: (step: Step) => Promise<readonly [T, string | undefined]>,
): Promise<T> {
  const step = context.reporter.step(id, title);
  try {
    const [value, detail] = await work(step);
    if (detail !== undefined) step.done(detail);
    return value;
  } catch (error) {
    step.fail(error);
    throw error;
  }
}
