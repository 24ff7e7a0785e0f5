// The parts of the Engine API's JSON (API 1.41) this package reads. Declared
// here rather than taken from @types/dockerode, whose task type lacks
// JobIteration and whose service mode lacks the job modes' fields.

export interface EngineUpdateConfig {
  Parallelism?: number;
  /** Nanoseconds. */
  Delay?: number;
  FailureAction?: string;
  /** Nanoseconds. */
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: string;
}

export interface EngineServiceMode {
  Replicated?: { Replicas?: number };
  Global?: Record<string, never> | object;
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
  GlobalJob?: Record<string, never> | object;
}

export interface EngineService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: EngineServiceMode;
    TaskTemplate?: {
      ForceUpdate?: number;
      ContainerSpec?: { Image?: string; Healthcheck?: { Test?: string[] } };
    };
    UpdateConfig?: EngineUpdateConfig;
    RollbackConfig?: EngineUpdateConfig;
  };
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  JobStatus?: { JobIteration?: { Index?: number }; LastExecution?: string };
}

export interface EngineTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  CreatedAt?: string;
  UpdatedAt?: string;
  DesiredState?: string;
  JobIteration?: { Index?: number };
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
}

export interface EngineNode {
  ID: string;
  Description?: { Hostname?: string };
  Status?: { State?: string };
  Spec?: { Availability?: string };
}

/** What one read of the engine returns: the services followed, their tasks, and the nodes. */
export interface StackSnapshot {
  /** By service ID; a service that no longer exists is absent. */
  services: ReadonlyMap<string, EngineService>;
  /** Every task of those services the engine still keeps. */
  tasks: readonly EngineTask[];
  /** Tasks of each service's current spec (the engine's `_up-to-date` filter). */
  upToDateTaskIds: ReadonlySet<string>;
  nodes: readonly EngineNode[];
}
