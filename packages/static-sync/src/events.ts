import type { WarningEvent } from '@swarmlift/core';

/** Codes of the `warning` events: something that did not stop the call. */
export type StaticSyncWarningCode =
  /** A staged release could not be removed again after an abort or a failed host. */
  | 'STATIC_CLEANUP_FAILED'
  /** The new release is live, but old releases beyond `keep` could not be removed. */
  | 'STATIC_PRUNE_FAILED';

/** Core's warning shape, with the host and release it is about. */
export type StaticSyncWarning = WarningEvent & {
  code: StaticSyncWarningCode;
  host: string;
  release: string;
};

/** Progress of collectStatic / syncStatic / activateStatic / rollbackStatic, for the caller to show; this package never prints. */
export type StaticSyncEvent =
  | {
      type: 'collect_started';
      mode: 'host' | 'image';
      /** Image mode: the image collectstatic runs in. */
      image?: string | undefined;
    }
  | {
      type: 'collect_finished';
      mode: 'host' | 'image';
      image?: string | undefined;
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
      /** The release folder is complete on `host` and can go live. */
      type: 'release_staged';
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
  | {
      /** activateStatic of the release that is already live: nothing was switched or pruned. */
      type: 'release_already_live';
      host: string;
      release: string;
    }
  | { type: 'releases_pruned'; host: string; releases: string[] }
  | {
      /** A staged release removed again: the call was aborted, or (syncStaticToMany) another host failed. */
      type: 'staged_release_discarded';
      host: string;
      release: string;
    }
  | StaticSyncWarning;
