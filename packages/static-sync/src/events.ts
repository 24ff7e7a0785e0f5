/** Progress of collectStatic / syncStatic / rollbackStatic, for the caller to show; this package never prints. */
export type StaticSyncEvent =
  | { type: 'collect_started'; mode: 'host' | 'image' }
  | {
      type: 'collect_finished';
      mode: 'host' | 'image';
      files: number;
      bytes: number;
      durationMs: number;
    }
  | {
      /** What will travel to `host`, decided from the previous release's manifest. */
      type: 'sync_planned';
      host: string;
      release: string;
      previous: string | undefined;
      uploadFiles: number;
      uploadBytes: number;
      reusedFiles: number;
      removedFiles: number;
      transport: 'tar' | 'sftp';
    }
  | { type: 'upload_progress'; host: string; sentBytes: number }
  | { type: 'upload_finished'; host: string; files: number; sentBytes: number; durationMs: number }
  | {
      /** The release folder already holds exactly these files: nothing travelled. */
      type: 'release_reused';
      host: string;
      release: string;
    }
  | {
      /** A plain `static/` folder (the guide's scp) was moved to `releases/<legacy>`. */
      type: 'static_migrated';
      host: string;
      legacyRelease: string;
    }
  | { type: 'release_switched'; host: string; release: string; previous: string | undefined }
  | { type: 'releases_pruned'; host: string; releases: string[] }
  | {
      /** syncStaticToMany: a staged release removed again because another host failed. */
      type: 'staged_release_discarded';
      host: string;
      release: string;
    };
