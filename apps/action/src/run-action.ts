import * as core from '@actions/core';
import { runSwarmlift } from 'swarmlift';
import { actionInputs } from './action-inputs.js';
import { buildCliEnv } from './cli-env.js';
import { invalidInputsSummary } from './invalid-inputs-summary.js';
import { createMaskDeduper } from './mask-dedupe.js';
import { parseEnvInput } from './parse-env-input.js';
import { secretsToMask } from './secrets-to-mask.js';

/** The exit code of invalid input, as the CLI's (2). */
const INVALID = 2;

/**
 * The action: reads the inputs, masks every secret among them first, then
 * runs `swarmlift deploy` in-process with the inputs as its settings'
 * environment variables. The CLI (it sees GITHUB_ACTIONS=true) prints the
 * groups, warnings and error annotations and writes the job summary and the
 * outputs; its human output goes to stdout, the stream @actions/core writes
 * the masks to, so the runner reads every mask before any other line.
 * Resolves with the exit code.
 */
export async function runAction(signal: AbortSignal): Promise<number> {
  const started = Date.now();
  const inputs: Record<string, string> = {};
  for (const input of actionInputs) inputs[input.name] = core.getInput(input.name);
  const parsed = parseEnvInput(inputs.env ?? '');

  // First: nothing is printed before every secret is masked.
  const masks = secretsToMask({ inputs, appEnv: parsed.entries, processEnv: process.env });
  for (const value of masks) core.setSecret(value);

  const { env, argv, problems } = buildCliEnv({
    processEnv: process.env,
    inputs,
    appEnv: parsed.entries,
  });
  const allProblems = [
    ...parsed.problems.map((problem) => `env: line ${problem.line}: ${problem.message}`),
    ...problems,
  ];
  if (allProblems.length > 0) return invalidInputs(allProblems, started);

  const deduper = createMaskDeduper(masks);
  let settingsInvalid = false;
  const out = {
    isTTY: false,
    write: (chunk: string) => {
      if (chunk.includes(`::error title=${SETTINGS_INVALID}::`)) settingsInvalid = true;
      return process.stdout.write(deduper.filter(chunk));
    },
  };
  const code = await runSwarmlift({ argv, env, stdout: process.stdout, stderr: out, signal });
  // The CLI names settings by their variables; say how the action spells them.
  if (settingsInvalid) core.info(SETTINGS_AS_INPUTS);
  return code;
}

/** The CLI's error code for missing or malformed settings. */
const SETTINGS_INVALID = 'CLI_SETTINGS_INVALID';
const SETTINGS_AS_INPUTS =
  "In this action each setting is an input named after it in kebab-case (IMAGE_NAME → image-name, SWARM_MANAGER_IP → swarm-manager-ip); the app's variables (SECRET_KEY, DB_*, REDIS_URI, …) are lines of the `env` input.";

/** Bad inputs: one annotation each, the outputs and a short summary; nothing ran. */
async function invalidInputs(problems: readonly string[], started: number): Promise<number> {
  for (const problem of problems) core.error(problem, { title: 'swarmlift: invalid input' });
  core.setOutput('version', '');
  core.setOutput('image', '');
  core.setOutput('digest', '');
  core.setOutput('status', 'invalid');
  core.setOutput('duration', ((Date.now() - started) / 1000).toFixed(1));
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(invalidInputsSummary(problems), true).write();
    } catch (error) {
      core.warning(`could not write the job summary: ${(error as Error).message}`);
    }
  }
  return INVALID;
}
