import type { WarningEvent } from '@swarmlift/core';

/**
 * Progress of applyPlan and removeStack, for the caller to show (packages
 * never print; `formatEvent` makes one line of each). Names are Swarm names
 * (`shop_web`), ids the engine's.
 */
export type DeployEvent =
  | { type: 'network_created'; stack: string; network: string }
  | { type: 'network_removed'; stack: string; network: string }
  | { type: 'secret_created'; stack: string; secret: string }
  | { type: 'secret_removed'; stack: string; secret: string }
  | { type: 'config_created'; stack: string; config: string }
  | { type: 'config_removed'; stack: string; config: string }
  | { type: 'service_created'; stack: string; service: string; serviceId: string }
  | {
      type: 'service_updated';
      stack: string;
      service: string;
      serviceId: string;
      /** Version.Index the update was sent against. */
      versionBefore: number;
    }
  | { type: 'service_unchanged'; stack: string; service: string; serviceId: string }
  | { type: 'service_removed'; stack: string; service: string; serviceId: string }
  /** The engine answered "update out of sequence": the spec is sent again with the new version. */
  | { type: 'service_update_retried'; stack: string; service: string; attempt: number }
  /** applyPlan is done: every step of the plan was applied. */
  | {
      type: 'plan_applied';
      stack: string;
      /** Services created or updated. */
      changed: number;
      removed: number;
      durationMs: number;
    }
  /** recordDeploy stored a record (`record` is the Swarm config's name). */
  | {
      type: 'deploy_recorded';
      stack: string;
      id: string;
      record: string;
      bytes: number;
      /** The service specs were left out to stay under the size limit. */
      specsDropped: boolean;
    }
  /** recordDeploy removed a record beyond the newest `keep`. */
  | { type: 'deploy_record_removed'; stack: string; id: string; record: string }
  /**
   * The one warning shape; codes: SHORT_LIVED_REGISTRY_CREDENTIAL,
   * ENGINE_WARNING (the engine's own warning on an update), CLEANUP_FAILED,
   * DEPLOY_RECORD_SPECS_DROPPED (recordDeploy left the specs out to fit),
   * DEPLOY_RECORD_INVALID (listDeploys skipped a record it cannot read).
   */
  | WarningEvent;
