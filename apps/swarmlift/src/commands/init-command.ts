import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decideWrites, type InitAction, writes } from '../init/decide-writes.js';
import { detectProject } from '../init/detect-project.js';
import { initFiles } from '../init/init-files.js';
import { stackNameFrom } from '../init/stack-name.js';
import { writeFileAtomic } from '../init/write-file-atomic.js';
import type { RunSummary } from '../output/reporter.js';
import type { CommandBody } from './run-command.js';

/** One file of init's `--json` summary (`data.files`). */
export interface InitFileResult {
  path: string;
  action: InitAction;
}

const VERB: Record<InitAction, string> = {
  created: 'wrote    ',
  overwritten: 'replaced ',
  unchanged: 'unchanged',
  kept: 'left     ',
};

/**
 * `swarmlift init`: finds the Django project, renders the config file, the
 * deploy workflow and (where missing) the deployment files, and writes each
 * atomically; an existing file is never overwritten without --force.
 */
export const initCommand: CommandBody = async (context, line) => {
  const { settings, reporter, signal } = context;
  const force = line.options.force === true;
  const project = await detectProject(settings.cwd);
  const stack = settings.stack || stackNameFrom(settings.imageName || basename(settings.cwd));
  reporter.info(
    `Django project: ${project.appDir === '.' ? '' : `${project.appDir}/`}manage.py (${project.settingsModule}); stack ${stack}`,
  );
  const files = initFiles({
    project,
    stack,
    registry: settings.registry,
    imageName: settings.imageName || undefined,
  });
  const existing = new Map<string, string>();
  await Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(settings.cwd, file.path), 'utf8').catch(
        (error: NodeJS.ErrnoException) =>
          error.code === 'ENOENT' ? undefined : Promise.reject(error),
      );
      if (text !== undefined) existing.set(file.path, text);
    }),
  );
  const decisions = decideWrites(files, existing, force);
  const results: InitFileResult[] = [];
  for (const decision of decisions) {
    if (writes(decision.action)) {
      await writeFileAtomic(join(settings.cwd, decision.file.path), decision.file.content, {
        mode: decision.file.mode,
        signal,
      });
    }
    reporter.info(`${VERB[decision.action]} ${decision.file.path} (${decision.reason})`);
    results.push({ path: decision.file.path, action: decision.action });
  }
  reporter.info(
    'Next: review swarmlift.config.yaml, add the secrets the workflow names in GitHub, then run swarmlift doctor.',
  );
  const summary: RunSummary = {
    command: 'init',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    stack,
    data: { files: results },
  };
  return summary;
};
