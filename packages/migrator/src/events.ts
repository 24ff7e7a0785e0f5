/** Progress of a one-off run, a migration or a lock. Never carries an env value. */
export type MigratorEvent =
  | {
      type: 'lock_acquired';
      lock: string;
      owner: string;
      expiresAt: string;
      tookOverExpired: boolean;
    }
  | { type: 'lock_released'; lock: string }
  | { type: 'network_created'; network: string; stack: string }
  | { type: 'image_pulled'; image: string; durationMs: number }
  | {
      type: 'image_resolved';
      image: string;
      pinned: string | undefined;
      reason?: string | undefined;
    }
  | {
      type: 'one_off_created';
      mode: 'job' | 'container';
      name: string;
      id: string;
      image: string;
      command: readonly string[];
      /** Names only: the values never appear in an event. */
      envKeys: readonly string[];
      networks: readonly string[];
    }
  | {
      type: 'task_state';
      taskId: string;
      state: string;
      message: string;
      error?: string | undefined;
      node?: string | undefined;
      /** Swarm's timestamp of this state. */
      at: string;
    }
  | { type: 'one_off_finished'; name: string; exitCode: number; durationMs: number }
  | { type: 'logs_unavailable'; name: string; reason: string }
  | { type: 'one_off_removed'; name: string; mode: 'job' | 'container' }
  | { type: 'cleanup_failed'; name: string; reason: string };

export type OnMigratorEvent = (event: MigratorEvent) => void;
