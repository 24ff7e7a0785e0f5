/**
 * A light stack of the example for the cluster tests that are about the
 * manager and the static hosts, not the services: django and redis, one
 * replica each, on the workers only — so any manager can be stopped and
 * nothing is bound to a node's /srv. The tests write it into their copy of the
 * example as LIGHT_COMPOSE (COMPOSE_FILE), next to its .env.
 */
export const LIGHT_COMPOSE = 'deployment/docker-compose.light.yml';

export const LIGHT_COMPOSE_TEXT = `version: "3.8"
services:
  django:
    image: \${REGISTRY}/\${IMAGE_NAME}/django-app:\${GITHUB_SHA_SHORT}
    command: gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers 1 --graceful-timeout 5
    env_file: .env
    environment:
      APP_VERSION: \${GITHUB_SHA_SHORT}
    networks: [backend]
    stop_grace_period: 5s
    deploy:
      endpoint_mode: dnsrr
      replicas: 1
      placement:
        constraints: [node.role == worker]
      update_config:
        order: stop-first
        failure_action: rollback
        monitor: 3s
      restart_policy:
        condition: on-failure
        delay: 2s
        max_attempts: 3
  redis:
    image: \${REDIS_IMAGE}
    command: ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
    networks: [backend]
    stop_grace_period: 2s
    deploy:
      endpoint_mode: dnsrr
      replicas: 1
      placement:
        constraints: [node.role == worker]
networks:
  backend:
    driver: overlay
`;
