export {
  type BuildAndPushOptions,
  type BuildAndPushResult,
  buildAndPush,
} from './build-and-push.js';
export {
  CONTEXT_MTIME,
  listContext,
  type PackContextOptions,
  type PackedContext,
  packContext,
} from './build-context.js';
export { type BuildImageOptions, type BuildImageResult, buildImage } from './build-image.js';
export { DockerignoreMatcher, parseDockerignore } from './dockerignore.js';
export {
  ImageBuildError,
  ImageBuilderError,
  type ImageBuilderErrorCode,
  imageBuilderErrorCodes,
  RegistryAuthError,
  RegistryUnreachableError,
} from './errors.js';
export type {
  BuildAndPushEvent,
  BuildEvent,
  BuildWarningEvent,
  ImageBuilderEvent,
  PushEvent,
} from './events.js';
export { formatEvent } from './format-event.js';
export { type ImageExistsOptions, type ImageExistsResult, imageExists } from './image-exists.js';
export type { OciLabelOptions } from './oci-labels.js';
export { type PushImageOptions, type PushImageResult, pushImage } from './push-image.js';
export { type AuthChallenge, parseAuthChallenge } from './registry-challenge.js';
export {
  type ResolvedVersion,
  type ResolveVersionOptions,
  resolveVersion,
} from './resolve-version.js';
