import { yamlScalar } from './yaml-scalar.js';

export interface ConfigTemplateValues {
  /** The Swarm stack. */
  stack: string;
  /** `IMAGE_NAME` when init was given one (else the workflow's github.repository is used). */
  imageName?: string | undefined;
  /** The registry; default ghcr.io. */
  registry: string;
  /** The folder of manage.py, POSIX style (`app` or `.`). */
  appDir: string;
}

/**
 * swarmlift.config.yaml as init writes it: the settings a person must review,
 * each with a comment. Never a secret: those come from the CI's secret store.
 */
export function renderConfig(values: ConfigTemplateValues): string {
  const imageName = values.imageName
    ? `imageName: ${yamlScalar(values.imageName)}`
    : '# imageName: owner/repo';
  const staticTarget = values.imageName
    ? `# staticTarget: /usr/src/${values.imageName}`
    : '# staticTarget: /usr/src/owner/repo';
  return `# swarmlift.config.yaml, written by \`swarmlift init\`: review every line.
#
# This file is committed, so it holds no secret. SSH_PRIVATE_KEY,
# REGISTRY_PASSWORD, SECRET_KEY and DB_PASSWORD (and what the guide keeps in
# GitHub secrets too: SWARM_MANAGER_IP, SSH_USER, DB_NAME, DB_USER, DB_HOST,
# DB_PORT, REDIS_URI) come from the environment; in GitHub Actions from the
# repository's secrets, which .github/workflows/deploy.yml passes on.
# Flags and environment variables win over this file.
# \`swarmlift doctor\` checks every setting against the real server.

# The Swarm stack to deploy (docker stack deploy … STACK).
stack: ${yamlScalar(values.stack)}

# The registry the image is pushed to and the swarm pulls from.
registry: ${yamlScalar(values.registry)}
# The image name inside the registry (the workflow sets IMAGE_NAME to the
# repository, owner/repo); the compose file names
# \${REGISTRY}/\${IMAGE_NAME}/django-app:\${GITHUB_SHA_SHORT}.
${imageName}

# The manager's SSH host key pin: public, so it may live here. Check it on the
# manager itself: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub
# (or set SSH_HOST_KEY as a variable or secret in GitHub).
# hostKey: SHA256:…

# The repository's layout (the guide's).
composeFile: [deployment/docker-compose.prod.yml]
appService: django
dockerfile: deployment/Dockerfile
appDir: ${yamlScalar(values.appDir)}

# Where the static files go on the manager: releases/<version>, and a link
# "static" to the live one that your nginx serves. Default /usr/src/IMAGE_NAME.
${staticTarget}

# When migrations run: after the services are updated (the guide), before, or off.
migrate: after
# How long a deploy waits for another one's lock on the stack.
lockWait: 5m
`;
}
