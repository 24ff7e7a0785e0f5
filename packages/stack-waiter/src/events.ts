import type { ServiceOutcome } from './types.js';

/** Progress reported through `onEvent` while waiting. */
export type StackWaitEvent =
  | { type: 'watching'; stack: string; services: string[]; timeoutMs: number }
  | { type: 'service_update'; service: string; state: string; message: string | undefined }
  | {
      type: 'task_state';
      service: string;
      taskId: string;
      slot: number | undefined;
      state: string;
      error: string | undefined;
    }
  | { type: 'replicas'; service: string; running: number; desired: number }
  | { type: 'service_done'; service: string; outcome: ServiceOutcome; reason: string | undefined }
  | { type: 'event_stream_lost'; error: string };
