import type { DjangoProject } from './detect-project.js';
import { renderCompose } from './templates/compose-template.js';
import { renderConfig } from './templates/config-template.js';
import { renderDockerfile } from './templates/dockerfile-template.js';
import { renderEntrypoint } from './templates/entrypoint-template.js';
import { renderWorkflow } from './templates/workflow-template.js';

/** When init writes a file: always (unless it exists), or only where the repository has none. */
export type InitFileKind = 'setup' | 'if-missing';

export interface InitFile {
  /** Relative to the repository root, POSIX style. */
  path: string;
  content: string;
  kind: InitFileKind;
  /** File mode (the entrypoint is executable). */
  mode: number;
}

export interface InitValues {
  project: DjangoProject;
  stack: string;
  registry: string;
  imageName?: string | undefined;
}

/** Every file init may write, rendered (nothing is written until all of them rendered). */
export function initFiles(values: InitValues): InitFile[] {
  const { project } = values;
  return [
    {
      path: 'swarmlift.config.yaml',
      kind: 'setup',
      mode: 0o644,
      content: renderConfig({
        stack: values.stack,
        registry: values.registry,
        imageName: values.imageName,
        appDir: project.appDir,
      }),
    },
    {
      path: '.github/workflows/deploy.yml',
      kind: 'setup',
      mode: 0o644,
      content: renderWorkflow({ stack: values.stack, appDir: project.appDir }),
    },
    {
      path: 'deployment/Dockerfile',
      kind: 'if-missing',
      mode: 0o644,
      content: renderDockerfile({
        appDir: project.appDir,
        projectPackage: project.projectPackage,
      }),
    },
    {
      path: 'deployment/docker-compose.prod.yml',
      kind: 'if-missing',
      mode: 0o644,
      content: renderCompose({ projectPackage: project.projectPackage }),
    },
    {
      path: 'deployment/entrypoint.sh',
      kind: 'if-missing',
      mode: 0o755,
      content: renderEntrypoint(),
    },
  ];
}
