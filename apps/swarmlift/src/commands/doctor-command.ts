import { resolve } from 'node:path';
import { type CheckResult, checkIds, checkJson, skip } from '../doctor/check-result.js';
import { settingsVerdict } from '../doctor/checks/settings-check.js';
import { doctorChecks } from '../doctor/doctor-checks.js';
import { doctorConclusion, formatCheckLines } from '../doctor/format-check-line.js';
import { type CheckDefinition, runChecks } from '../doctor/run-checks.js';
import type { RunSummary } from '../output/reporter.js';
import { loadSettings } from '../settings/load-settings.js';
import type { Settings, SettingsIssue } from '../settings/settings.js';
import { SettingsError } from '../settings/settings-error.js';
import type { CommandBody } from './run-command.js';

const SECRET_NAMES = [
  'SSH_PRIVATE_KEY',
  'REGISTRY_PASSWORD',
  'SECRET_KEY',
  'DB_PASSWORD',
  'GITHUB_TOKEN',
];

/**
 * `swarmlift doctor`: loads the settings exactly as `swarmlift deploy` would
 * (a missing or bad one is the first ✗ line, not exit 2), then runs every
 * check that can run — independent ones in parallel — and prints one line
 * per check in a fixed order. Changes nothing; exit 0 only when no check failed.
 */
export const doctorCommand: CommandBody = async (context, line) => {
  const { reporter, signal, env } = context;
  // Masked before anything is printed, whatever the deploy settings turn out to be.
  reporter.addSecrets(SECRET_NAMES.flatMap((name) => (env[name] ? [env[name] as string] : [])));
  let settings: Settings | undefined;
  let issues: readonly SettingsIssue[] = [];
  try {
    settings = await loadSettings({
      command: 'deploy',
      flags: line.flags,
      env,
      cwd: resolve(line.cwd ?? process.cwd()),
      configPath: line.configPath,
      signal,
    });
    reporter.addSecrets(settings.secrets);
  } catch (error) {
    if (!SettingsError.isInstance(error)) throw error;
    issues = error.issues;
  }

  const opened = settings ? doctorChecks({ settings, env, signal }) : undefined;
  const definitions: CheckDefinition[] = [
    { id: 'settings', needs: [], run: async () => settingsVerdict(issues) },
    ...(opened?.checks ?? placeholders()),
  ];
  let results: CheckResult[];
  try {
    results = await runChecks(definitions, (result) => {
      for (const text of formatCheckLines(result)) reporter.info(text);
    });
  } finally {
    await opened?.close();
  }
  reporter.info(doctorConclusion(results));

  // A skip follows a failure, or says a check cannot run yet (no app image before the first build).
  const failed = results.filter((result) => result.status === 'failed').map((result) => result.id);
  const passed = failed.length === 0;
  const summary: RunSummary = {
    command: 'doctor',
    status: passed ? 'ok' : 'failed',
    exitCode: passed ? 0 : 1,
    durationMs: 0,
    stack: settings?.stack || undefined,
    ...(passed
      ? {}
      : {
          error: {
            code: 'CLI_DOCTOR_CHECKS_FAILED',
            message: doctorConclusion(results),
            hint: `Fix what the ✗ lines say (${failed.join(', ')}), then run swarmlift doctor again.`,
          },
        }),
    data: { checks: results.map(checkJson) },
  };
  return summary;
};

/** Without complete settings, every other check is listed as skipped (it needs them). */
function placeholders(): CheckDefinition[] {
  return checkIds
    .filter((id) => id !== 'settings')
    .map((id) => ({ id, needs: ['settings'], run: async () => skip('needs the settings') }));
}
