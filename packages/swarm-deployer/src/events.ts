/** Progress of applyPlan / removeStack, for the caller to show (packages never print). */
export type DeployEvent =
  | { type: 'network_created'; name: string; id: string }
  | { type: 'network_removed'; name: string }
  | { type: 'secret_created'; name: string; id: string }
  | { type: 'config_created'; name: string; id: string }
  | { type: 'secret_removed'; name: string }
  | { type: 'config_removed'; name: string }
  | { type: 'service_created'; name: string; id: string }
  | { type: 'service_updated'; name: string; id: string; versionBefore: number }
  | { type: 'service_unchanged'; name: string; id: string }
  | { type: 'service_removed'; name: string; id: string }
  /** The engine answered "update out of sequence": the spec is sent again with the new version. */
  | { type: 'service_update_retried'; name: string; attempt: number }
  | {
      type: 'warning';
      /** e.g. SHORT_LIVED_REGISTRY_CREDENTIAL, ENGINE_WARNING, CLEANUP_FAILED */
      code: string;
      message: string;
    };
