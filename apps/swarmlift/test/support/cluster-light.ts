import type { TestEnv } from '@swarmlift/testkit';
import { afterAll, beforeAll } from 'vitest';
import { type PreparedApp, prepareApp } from './app.js';
import { type CliResult, describeRun, runCli } from './cli.js';
import {
  type Cluster,
  type ClusterTarget,
  cleanupClusterTarget,
  clusterCliEnv,
  clusterTarget,
} from './cluster.js';
import { expectNoSecrets } from './secrets.js';

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

/** One light-stack app on the cluster, set up before the file's tests and removed after them. */
export interface LightClusterApp {
  /** Valid inside the tests (set up in beforeAll). */
  readonly target: ClusterTarget;
  readonly app: PreparedApp;
  /** The environment `cli` runs with (before its overrides). */
  readonly env: Record<string, string>;
  /** Runs the CLI in the app with GITHUB_SHA = HEAD and `overrides`; fails on any secret in the output. */
  cli(args: string[], overrides?: Record<string, string>, limitMs?: number): Promise<CliResult>;
  /** A failed run's output (redacted), for assertion messages. */
  label(result: CliResult): string;
}

/**
 * Registers beforeAll/afterAll for a cluster test file: a fresh target
 * (`sltest-<label>-…`), a copy of the example committed with LIGHT_COMPOSE,
 * and the CLI environment (clusterCliEnv with COMPOSE_FILE, MIGRATE=off and
 * `overrides`). afterAll runs `beforeCleanup` first (e.g. start a stopped
 * node), then removes everything the file made.
 */
export function useLightClusterApp(
  env: TestEnv,
  cluster: Cluster,
  label: string,
  overrides: Record<string, string> = {},
  options: { beforeCleanup?: () => Promise<void> } = {},
): LightClusterApp {
  let target: ClusterTarget | undefined;
  let app: PreparedApp | undefined;
  let baseEnv: Record<string, string> = {};
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is set up in beforeAll`);
    return value;
  };
  beforeAll(async () => {
    target = await clusterTarget(cluster, label);
    app = await prepareApp(label);
    await app.commit('the light compose', { file: LIGHT_COMPOSE, content: LIGHT_COMPOSE_TEXT });
    baseEnv = await clusterCliEnv(env, cluster, target, {
      COMPOSE_FILE: LIGHT_COMPOSE,
      MIGRATE: 'off',
      ...overrides,
    });
  }, 120_000);
  afterAll(async () => {
    try {
      await options.beforeCleanup?.();
    } finally {
      try {
        if (target) await cleanupClusterTarget(env, cluster, target);
      } finally {
        await app?.remove();
      }
    }
  }, 240_000);
  return {
    get target() {
      return must(target, 'the target');
    },
    get app() {
      return must(app, 'the app');
    },
    get env() {
      return baseEnv;
    },
    async cli(args, more = {}, limitMs = 240_000) {
      const current = must(app, 'the app');
      const runEnv = { ...baseEnv, GITHUB_SHA: await current.sha(), ...more };
      const result = await runCli(args, { cwd: current.dir, env: runEnv, limitMs });
      expectNoSecrets(result.output, runEnv);
      return result;
    },
    label(result) {
      return describeRun(result, baseEnv);
    },
  };
}
