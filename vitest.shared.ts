import { defineConfig } from 'vitest/config';

/**
 * The two vitest projects every package uses: `unit` (src/**\/*.test.ts, no
 * services) and `integration` (test/**\/*.integration.test.ts, the real local
 * services, one file at a time so two cores are not oversubscribed). Each run
 * also writes a JSON report to .test-results/ for the suite's closing summary.
 */
export function packageVitestConfig() {
  const project = projectFromArgv();
  return defineConfig({
    test: {
      reporters: ['default', 'json'],
      outputFile: { json: `.test-results/${project}.json` },
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
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  });
}

function projectFromArgv(): string {
  const index = process.argv.indexOf('--project');
  return (index === -1 ? undefined : process.argv[index + 1]) ?? 'all';
}
