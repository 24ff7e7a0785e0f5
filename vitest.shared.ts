import { basename, dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The two vitest projects every package uses: `unit` (src/**\/*.test.ts, no
 * services) and `integration` (test/**\/*.integration.test.ts, the real local
 * services, one file at a time so two cores are not oversubscribed — unless
 * the package opts in to more, see PackageVitestOptions). Each run
 * also writes a JSON report to .test-results/ for the suite's closing summary.
 */
export interface PackageVitestOptions {
  /**
   * How many integration files may run side by side (default 1). Worth it for
   * files that mostly wait on Swarm (healthchecks, update monitors), each with
   * its own stacks, databases and ports.
   */
  integrationFiles?: number;
  /**
   * Integration files that must run alone, after the others (e.g. one that
   * rebuilds the dist the others execute): the `integration-alone` project.
   * Run both with `vitest run --project 'integration*'`.
   */
  integrationAlone?: string[];
}

export function packageVitestConfig(options: PackageVitestOptions = {}) {
  const project = projectFromArgv();
  const integrationFiles = options.integrationFiles ?? 1;
  const alone = options.integrationAlone ?? [];
  return defineConfig({
    test: {
      ...(integrationFiles > 1 ? { maxWorkers: integrationFiles } : {}),
      reporters: ['default', 'json'],
      outputFile: { json: `.test-results/${project}${targetSuffix()}.json` },
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['src/**/*.test.ts'] },
        },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.integration.test.ts'],
            exclude: alone,
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: integrationFiles > 1,
          },
        },
        ...(alone.length === 0
          ? []
          : [
              {
                extends: true as const,
                test: {
                  name: 'integration-alone',
                  include: alone,
                  testTimeout: 120_000,
                  hookTimeout: 120_000,
                  fileParallelism: false,
                  // After the files above, never beside them.
                  sequence: { groupOrder: 1 },
                },
              },
            ]),
      ],
    },
  });
}

/**
 * `-e26` when the tests run against a second test environment
 * (SWARMLIFT_TESTENV_FILE=.testenv/e26/testenv: its folder's name), so that
 * run's report sits beside the default environment's instead of replacing it.
 */
function targetSuffix(): string {
  const file = process.env.SWARMLIFT_TESTENV_FILE;
  return file ? `-${basename(dirname(file))}` : '';
}

function projectFromArgv(): string {
  const index = process.argv.indexOf('--project');
  // `integration*` (both integration projects) reports as `integration`.
  return (index === -1 ? undefined : process.argv[index + 1])?.replace(/\*$/, '') ?? 'all';
}
