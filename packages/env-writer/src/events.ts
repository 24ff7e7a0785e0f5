import type { EnvWarning } from './validate-env-vars.js';

/** `writeEnvFile` wrote the file (after its warnings, if any). */
export interface EnvFileWrittenEvent {
  type: 'env_file_written';
  /** The absolute path written. */
  path: string;
  /** The variables written, in file order; names only, never values. */
  keys: string[];
  durationMs: number;
}

/** What `writeEnvFile` reports through `onEvent`: each warning, then `env_file_written`. */
export type EnvWriterEvent = EnvWarning | EnvFileWrittenEvent;
