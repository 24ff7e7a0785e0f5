import { describe, expect, it } from 'vitest';
import type { ServiceInput } from './compose-schema.js';
import { type NormalizeServiceContext, normalizeService } from './normalize-service.js';

const at = ['services', 'web'];
const context: NormalizeServiceContext = {
  projectDir: '/project',
  lookup: (name) => ({ HOME: '/home/me', FROM_SHELL: 'shell' })[name],
  envFiles: new Map([['/project/a.env', { entries: [{ key: 'A', value: '1' }] }]]),
  // A fake locator: the line is the path's length, enough to tell places apart.
  source: (path) => ({ file: '/project/compose.yml', line: path.length, column: 1 }),
};

describe('normalizeService', () => {
  it('composes every section into the model', () => {
    const service: ServiceInput = {
      image: 'busybox',
      command: 'sleep 3600',
      env_file: 'a.env',
      environment: ['FROM_SHELL'],
      ports: ['8080:80'],
      volumes: ['data:/data'],
      networks: ['front'],
      dns: '8.8.8.8',
      restart: 'always',
      deploy: { replicas: 2, resources: { limits: { memory: '1k' } } },
    };
    const { value, problems } = normalizeService('web', service, at, context);
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      name: 'web',
      source: { file: '/project/compose.yml', line: 2, column: 1 },
      image: 'busybox',
      command: ['sleep', '3600'],
      environment: { A: '1', FROM_SHELL: 'shell' },
      ports: [{ protocol: 'tcp', target: 80, published: 8080, mode: 'ingress' }],
      networks: { front: null },
      volumes: [{ type: 'volume', source: 'data', target: '/data' }],
      dns: ['8.8.8.8'],
      dns_search: [],
      cap_add: [],
      restart: 'always',
      deploy: { replicas: 2, resources: { limits: { memory: 1024 } } },
    });
    expect(value.references).toEqual({
      'network:front': {
        path: 'services.web.networks.0',
        source: { file: '/project/compose.yml', line: 4, column: 1 },
      },
      'volume:data': {
        path: 'services.web.volumes.0',
        source: { file: '/project/compose.yml', line: 4, column: 1 },
      },
      restart: {
        path: 'services.web.restart',
        source: { file: '/project/compose.yml', line: 3, column: 1 },
      },
      image: {
        path: 'services.web.image',
        source: { file: '/project/compose.yml', line: 3, column: 1 },
      },
    });
  });

  it('reports problems in a fixed order: environment, ports, volumes, healthcheck, mode, command, entrypoint, stop_grace_period, deploy', () => {
    const service: ServiceInput = {
      deploy: { mode: 'global', replicas: 1, update_config: { delay: 'x' } },
      stop_grace_period: 'x',
      entrypoint: "'",
      command: "'",
      healthcheck: { interval: 'x' },
      volumes: [{ type: 'bind', target: '/b' }],
      ports: ['x'],
      env_file: 'missing.env',
    };
    const { problems } = normalizeService('web', service, at, context);
    expect(problems.map((p) => p.path.slice(2).join('.'))).toEqual([
      'env_file',
      'ports.0',
      'volumes.0',
      'healthcheck.interval',
      'deploy.replicas',
      'command',
      'entrypoint',
      'stop_grace_period',
      'deploy.update_config.delay',
    ]);
  });
});
