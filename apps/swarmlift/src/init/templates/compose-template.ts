export interface ComposeTemplateValues {
  /** The project package whose wsgi module gunicorn serves. */
  projectPackage: string;
}

/**
 * deployment/docker-compose.prod.yml, the guide's layout generalised from the
 * example app's: the django service names the image (here and nowhere else)
 * and reads env_file .env (swarmlift writes it from the CI's secrets), port
 * 8000 for the host's nginx, redis beside it, updates that roll back on failure.
 */
export function renderCompose(values: ComposeTemplateValues): string {
  return `# The production stack (written by \`swarmlift init\`), laid out like the guide's:
# the django service names the image and reads \`env_file: .env\`, which
# swarmlift writes from the CI's secrets before it deploys. swarmlift sets
# REGISTRY, IMAGE_NAME and GITHUB_SHA_SHORT for the interpolation below.
# The host's nginx proxies to port 8000 and serves STATIC_TARGET/static.
version: "3.8"

services:
  django:
    image: \${REGISTRY}/\${IMAGE_NAME}/django-app:\${GITHUB_SHA_SHORT}
    command: gunicorn ${values.projectPackage}.wsgi:application --bind 0.0.0.0:8000 --workers 2 --access-logfile -
    env_file: .env
    ports:
      # The host's nginx proxies to this port (the guide: "8000:8000").
      - "\${DJANGO_PORT:-8000}:8000"
    networks:
      - backend
    healthcheck:
      # Only that gunicorn accepts connections: a slow database does not make Swarm kill the task.
      test:
        - CMD
        - python3
        - -c
        - import socket; socket.create_connection(('127.0.0.1', 8000), timeout=2).close()
      interval: 5s
      timeout: 3s
      retries: 3
      start_period: 30s
    stop_grace_period: 30s
    deploy:
      replicas: 1
      update_config:
        parallelism: 1
        order: start-first
        failure_action: rollback
        monitor: 10s
      rollback_config:
        parallelism: 1
        order: start-first
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
        window: 60s

  redis:
    image: \${REDIS_IMAGE:-redis:7-alpine}
    # Explicit, so any image with redis-server behaves the same: reachable
    # from the stack's network, a cache without snapshots.
    command: ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
    networks:
      - backend
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 2s
      timeout: 2s
      retries: 3
    deploy:
      # The app reaches it by its name (REDIS_URI=redis:6379/0).
      endpoint_mode: dnsrr
      replicas: 1
      restart_policy:
        condition: any

networks:
  backend:
    driver: overlay
`;
}
