import type { DockerTransport } from './ssh-docker-agent.js';

/** Progress of a Remote, for the caller to show; this package never prints. */
export type RemoteEvent =
  | {
      type: 'ssh_connected';
      host: string;
      port: number;
      user: string;
      fingerprint: string;
      keyType: string;
    }
  | {
      /** A warning: the host key was accepted without a pin (trustOnFirstUse). */
      type: 'host_key_trusted_on_first_use';
      host: string;
      fingerprint: string;
      keyType: string;
      /** The known_hosts file the key was appended to, if any. */
      savedTo: string | undefined;
    }
  | { type: 'docker_transport'; transport: DockerTransport; fallbackReason: string | undefined }
  | { type: 'ssh_connection_lost'; message: string }
  | { type: 'ssh_reconnected' }
  | { type: 'ssh_closed' };
