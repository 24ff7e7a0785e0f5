import { describeError } from '../../output/describe-error.js';
import { fail, pass, type Verdict } from '../check-result.js';

export type RegistryOutcome =
  | { ok: true; exists: boolean; digest?: string | undefined }
  | { ok: false; error: unknown };

/**
 * The registry accepts the given credentials (a pull-scoped login for the
 * app's image, as image-builder's registry client does before a build).
 */
export function registryVerdict(options: {
  registry: string;
  image: string;
  /** Who logs in: `REGISTRY_USERNAME`, `GITHUB_TOKEN`, `the Docker config`, or undefined = anonymous. */
  login: string | undefined;
  outcome: RegistryOutcome;
}): Verdict {
  const { registry, image, login, outcome } = options;
  if (outcome.ok) {
    const who = login ? `accepts the login from ${login}` : 'answers without credentials';
    return pass(
      `${registry} ${who}; ${image} ${outcome.exists ? 'is there' : 'is not pushed yet (deploy builds it)'}`,
    );
  }
  const described = describeError(outcome.error);
  const message = `${described.code ? `[${described.code}] ` : ''}${described.message}`;
  if (described.code === 'REGISTRY_AUTH_FAILED')
    return fail(
      message,
      login
        ? 'Check REGISTRY_USERNAME and REGISTRY_PASSWORD (for ghcr.io a token that may read and write packages); docker login REGISTRY with them must work.'
        : 'Set REGISTRY_USERNAME and REGISTRY_PASSWORD: the registry wants a login.',
    );
  return fail(
    message,
    described.hint ?? 'Check REGISTRY and that this machine reaches it (DNS, firewall).',
  );
}

/**
 * The engine on the manager can log in to the registry with the same
 * credentials (POST /auth through the manager's Docker API): what the
 * swarm's nodes need to pull the image (--with-registry-auth).
 */
export function registryPullVerdict(options: {
  registry: string;
  anonymous: boolean;
  outcome: { ok: true; status: string } | { ok: false; message: string };
}): Verdict {
  const { registry, outcome } = options;
  if (options.anonymous)
    return pass(`no credentials to check: the manager pulls from ${registry} anonymously`);
  if (outcome.ok)
    return pass(`the manager's engine logged in to ${registry} (${outcome.status || 'ok'})`);
  return fail(
    `the manager's engine could not log in to ${registry}: ${outcome.message}`,
    'The manager must reach REGISTRY itself (DNS, firewall; a plain-HTTP registry must be in insecure-registries of /etc/docker/daemon.json) and accept the same credentials: the swarm pulls with them.',
  );
}
