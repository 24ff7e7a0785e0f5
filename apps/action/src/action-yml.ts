import type { ActionInput } from './action-inputs.js';

/** One output of the action (the CLI's reporter writes them to $GITHUB_OUTPUT). */
export interface ActionOutput {
  name: string;
  description: string;
}

export const actionOutputs: readonly ActionOutput[] = [
  {
    name: 'version',
    description: 'The version deployed: the image tag (7 hex of the commit, or VERSION).',
  },
  { name: 'image', description: 'The image reference deployed (registry/name:version).' },
  { name: 'digest', description: "The image's digest (sha256:…), empty when unknown." },
  {
    name: 'status',
    description:
      'deployed, unchanged, failed, invalid, unreachable, lock_held, timed_out or cancelled.',
  },
  { name: 'duration', description: 'The run time in seconds, one decimal.' },
];

export interface ActionMetadata {
  name: string;
  description: string;
  author: string;
  /** The `runs.using` runtime. */
  using: string;
  /** The bundle, relative to action.yml. */
  main: string;
  inputs: readonly ActionInput[];
  outputs: readonly ActionOutput[];
}

/** A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** The whole action.yml, from the definitions (a unit test keeps the committed one equal). */
export function renderActionYml(metadata: ActionMetadata): string {
  const lines = [
    "# Generated from apps/action/src/action-inputs.ts and action-yml.ts (and the CLI's settings):",
    '# UPDATE_ACTION_YML=1 pnpm --filter @swarmlift/action exec vitest run --project unit src/action-yml.test.ts',
    `name: ${quote(metadata.name)}`,
    `description: ${quote(metadata.description)}`,
    `author: ${quote(metadata.author)}`,
    'branding:',
    '  icon: upload-cloud',
    '  color: blue',
    'inputs:',
  ];
  for (const input of metadata.inputs) {
    lines.push(`  ${input.name}:`);
    lines.push(
      `    description: ${quote(`${input.secret ? 'Secret. ' : ''}${input.description}`)}`,
    );
    lines.push('    required: false');
  }
  lines.push('outputs:');
  for (const output of metadata.outputs) {
    lines.push(`  ${output.name}:`);
    lines.push(`    description: ${quote(output.description)}`);
  }
  lines.push('runs:', `  using: ${metadata.using}`, `  main: ${metadata.main}`);
  return `${lines.join('\n')}\n`;
}

/** This repository's action.yml. */
export function actionMetadata(inputs: readonly ActionInput[]): ActionMetadata {
  return {
    name: 'swarmlift deploy',
    description:
      'Deploy a Django app (or any web app) to Docker Swarm over SSH: build and push, static files, env file, stack deploy with registry auth, wait until converged, migrate, record.',
    author: 'swarmlift',
    using: 'node24',
    main: 'action/dist/index.mjs',
    inputs,
    outputs: actionOutputs,
  };
}
