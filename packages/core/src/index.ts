export {
  type BinArgs,
  type BinIo,
  type BinMain,
  parseBinArgs,
  reportError,
  runBin,
  type TextOut,
  UsageError,
} from './bin.js';
export {
  abortReasonError,
  type Deadline,
  raceAbort,
  sleep,
  throwIfAborted,
  withDeadline,
} from './cancel.js';
export { checkFunction, checkSignal, checkTimeoutMs } from './check-options.js';
export { engineMessage, engineStatusCode, isEngineUnreachable } from './engine-errors.js';
export {
  assertOwnBrands,
  CancelledError,
  type CoreErrorCode,
  coreErrorCodes,
  type ErrorCategory,
  type ExitCode,
  exitCodeOf,
  exitCodes,
  isAbortError,
  isPassThroughError,
  OptionsError,
  SwarmliftError,
  type SwarmliftErrorOptions,
  TimedOutError,
} from './errors.js';
export {
  formatBytes,
  formatDuration,
  formatWarning,
  type OnEvent,
  type TaskStateEvent,
  type WarningEvent,
} from './events.js';
export {
  type BuildImageReferenceOptions,
  type BuiltImageReference,
  buildImageReference,
  familiarName,
  formatImageReference,
  type ImageReference,
  ImageReferenceError,
  parseImageReference,
  registryOf,
  tryParseImageReference,
} from './image-reference.js';
export { mapLimit } from './map-limit.js';
export {
  type CredentialsOption,
  checkCredentialsOption,
  credentialsFor,
  encodeRegistryAuth,
  engineAuthConfig,
  isShortLivedCredential,
  normalizeRegistry,
  type ReadRegistryCredentialsOptions,
  type RegistryCredentials,
  RegistryCredentialsError,
  readRegistryCredentials,
  registryCredentials,
} from './registry-credentials.js';
export {
  checkStackName,
  isStackName,
  ONE_OFF_LABEL,
  STACK_IMAGE_LABEL,
  STACK_NAMESPACE_LABEL,
  SWARMLIFT_LABEL_PREFIX,
  stackFilter,
} from './stack.js';
