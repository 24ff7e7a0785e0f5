// The few fields this package reads from the engine's list/inspect answers.
// (@types/dockerode types secrets and configs as client objects, not data.)

export interface SwarmObject {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Name?: string; Labels?: Record<string, string> };
}

export interface Platform {
  Architecture?: string;
  OS?: string;
}

/** The parts of a task template this package reads or sets. */
export interface TaskTemplateFields {
  ContainerSpec?: { Image?: string; [key: string]: unknown };
  Placement?: { Platforms?: Platform[]; [key: string]: unknown };
  ForceUpdate?: number;
  [key: string]: unknown;
}
