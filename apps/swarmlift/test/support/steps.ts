import { jsonLines } from './cli.js';

/** Whether the `--json` stream so far shows step `id` started (a `step_start` line). */
export function sawStep(stdout: string, id: string): boolean {
  return jsonLines(stdout).some((line) => line.type === 'step_start' && line.step === id);
}

/** Whether the `--json` stream so far shows step `id` ended with `status` (default `done`). */
export function sawStepEnd(stdout: string, id: string, status = 'done'): boolean {
  return jsonLines(stdout).some(
    (line) => line.type === 'step_end' && line.step === id && line.status === status,
  );
}

/** The ids of the steps the `--json` stream started, in order. */
export function stepsStarted(stdout: string): string[] {
  return jsonLines(stdout)
    .filter((line) => line.type === 'step_start')
    .map((line) => String(line.step));
}
