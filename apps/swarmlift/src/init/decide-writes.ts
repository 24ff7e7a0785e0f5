import type { InitFile } from './init-files.js';

/**
 * What init does with one file: `created` (it was missing), `overwritten`
 * (it existed; --force), `unchanged` (it already has exactly this content),
 * `kept` (it exists; left alone without --force).
 */
export type InitAction = 'created' | 'overwritten' | 'unchanged' | 'kept';

export interface InitDecision {
  file: InitFile;
  action: InitAction;
  /** Why, for the line init prints. */
  reason: string;
}

/**
 * Decides for each file whether init writes it. `existing` maps a path to
 * its current content (absent = missing). Nothing existing is overwritten
 * without `force`.
 */
export function decideWrites(
  files: readonly InitFile[],
  existing: ReadonlyMap<string, string>,
  force: boolean,
): InitDecision[] {
  return files.map((file) => {
    const current = existing.get(file.path);
    if (current === undefined) return { file, action: 'created', reason: 'it was missing' };
    if (current === file.content)
      return { file, action: 'unchanged', reason: 'it already has this content' };
    if (force) return { file, action: 'overwritten', reason: '--force' };
    return {
      file,
      action: 'kept',
      reason:
        file.kind === 'if-missing'
          ? 'the repository has its own; --force replaces it'
          : 'it exists; --force overwrites it',
    };
  });
}

/** Whether the action changes the file on disk. */
export function writes(action: InitAction): boolean {
  return action === 'created' || action === 'overwritten';
}
