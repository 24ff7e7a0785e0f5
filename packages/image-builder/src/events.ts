/** Progress of `buildImage`, in stream order. */
export type BuildEvent =
  /** The build context was streamed to the engine completely. */
  | { type: 'build-context'; files: number; bytes: number }
  /** A Dockerfile instruction started (`Step 2/5 : RUN …`). */
  | { type: 'build-step'; step: number; total: number; instruction: string }
  /** The step was served from the build cache. */
  | { type: 'build-step-cached'; step: number }
  /** One line of output of the current step (RUN output, pull status, …). */
  | { type: 'build-output'; step: number | undefined; line: string }
  /** The image exists; `tags` were applied. */
  | { type: 'build-done'; imageId: string; tags: readonly string[]; durationMs: number };

/** Progress of `pushImage`. */
export type PushEvent =
  /** Status change of one layer (`Preparing`, `Pushing`, `Pushed`, `Layer already exists`). */
  | { type: 'push-layer'; layer: string; status: string; current?: number; total?: number }
  | { type: 'push-done'; ref: string; digest: string; durationMs: number };

/** Progress of `buildAndPush`: build and push events plus the decisions around them. */
export type BuildAndPushEvent =
  | BuildEvent
  | PushEvent
  | { type: 'registry-checked'; ref: string; exists: boolean; durationMs: number }
  | { type: 'skipped'; ref: string; digest: string | undefined; reason: 'tag-exists' };
