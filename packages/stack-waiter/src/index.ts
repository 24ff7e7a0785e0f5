export { BASE_ALLOWANCE_MS, defaultTimeoutMs, TASK_START_ALLOWANCE_MS } from './default-timeout.js';
export {
  StackNotConvergedError,
  StackWaiterError,
  type StackWaiterErrorCode,
  stackWaiterErrorCodes,
} from './errors.js';
export type {
  NodeStateEvent,
  ReplicasEvent,
  ServiceDoneEvent,
  ServiceUpdateEvent,
  StackWaitEvent,
  StackWaitWarning,
  StackWaitWarningCode,
  TaskStateEvent,
  WatchingEvent,
} from './events.js';
export { formatEvent, formatResult } from './format-result.js';
export {
  type ReadStackStatusOptions,
  readStackStatus,
  type StackStatus,
} from './read-stack-status.js';
export type { ServiceStatus, TaskError } from './service-status.js';
export {
  type ServiceLogLine,
  type StreamServiceLogsOptions,
  type StreamServiceLogsResult,
  streamServiceLogs,
} from './stream-service-logs.js';
export type {
  DeployRecordInput,
  FailedTask,
  LostNode,
  ServiceModeName,
  ServiceOutcome,
  ServiceWaitResult,
  StackWaitResult,
  StackWaitStatus,
} from './types.js';
export { type WaitForStackOptions, waitForStack } from './wait-for-stack.js';
