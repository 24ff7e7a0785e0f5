import type { WarningEvent } from '@swarmlift/core';

/** Warning: the engine's builder said something worth knowing (e.g. build args no instruction used). */
export interface BuildWarningEvent extends WarningEvent {
  code: 'IMAGE_BUILD_WARNING';
  /** The failing or current step number, when the builder was inside one. */
  step: number | undefined;
}

/** Progress of `buildImage`, in stream order. */
export type BuildEvent =
  /** The build context was streamed to the engine completely. */
  | { type: 'build_context'; files: number; bytes: number }
  /** A Dockerfile instruction started (`Step 2/5 : RUN …`). */
  | { type: 'build_step'; step: number; total: number; instruction: string }
  /** The step was served from the build cache. */
  | { type: 'build_step_cached'; step: number }
  /** One line of output of the current step (RUN output, pull status, …). */
  | { type: 'build_output'; step: number | undefined; line: string }
  /** The image exists; `tags` were applied. */
  | { type: 'build_done'; imageId: string; tags: readonly string[]; durationMs: number }
  | BuildWarningEvent;

/** Progress of `pushImage`. */
export type PushEvent =
  /** Status change of one layer of `image` (`Preparing`, `Pushing`, `Pushed`, `Layer already exists`). */
  | {
      type: 'push_layer';
      image: string;
      layer: string;
      status: string;
      current?: number | undefined;
      total?: number | undefined;
    }
  /** `image` is in the registry as `digest`. */
  | { type: 'push_done'; image: string; digest: string; durationMs: number };

/** Progress of `buildAndPush`: build and push events plus the decisions around them. */
export type BuildAndPushEvent =
  | BuildEvent
  | PushEvent
  /** The registry was asked whether `image` (the SHA tag) is there already. */
  | { type: 'registry_checked'; image: string; exists: boolean; durationMs: number }
  /** The registry has `image` already: nothing was built or pushed. */
  | { type: 'build_skipped'; image: string; digest: string | undefined; reason: 'tag_exists' };

/** Every event this package emits. */
export type ImageBuilderEvent = BuildAndPushEvent;
