import type { Remote } from './connect.js';

/**
 * What a function that only calls the Docker Engine API needs: the `docker`
 * of a Remote. Every swarmlift function that talks only to the engine takes
 * `remote: DockerRemote`, so the object `connect()` returns fits as it is.
 */
export type DockerRemote = Pick<Remote, 'docker'>;
