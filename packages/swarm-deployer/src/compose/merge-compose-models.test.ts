import { describe, expect, it } from 'vitest';
import type { ComposeModel, ServiceModel } from './compose-model.js';
import { mergeComposeModels } from './merge-compose-models.js';

const at = { file: '/x/a.yml', line: 1, column: 1 };

function service(name: string, fields: Partial<ServiceModel>): ServiceModel {
  return {
    name,
    source: at,
    references: {},
    environment: {},
    labels: {},
    ports: [],
    volumes: [],
    secrets: [],
    configs: [],
    extra_hosts: [],
    dns: [],
    dns_search: [],
    cap_add: [],
    cap_drop: [],
    sysctls: {},
    ulimits: {},
    deploy: { labels: {}, resources: {}, placement: { constraints: [], preferences: [] } },
    ...fields,
  };
}

function model(
  file: string,
  services: ServiceModel[],
  extra: Partial<ComposeModel> = {},
): ComposeModel {
  return {
    file,
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    ...extra,
  };
}

describe('mergeComposeModels (the CLI merge rules for repeated -c)', () => {
  const base = model('/x/base.yml', [
    service('web', {
      image: 'web:1',
      command: ['sleep', '1'],
      environment: { A: 'base', B: 'base' },
      labels: { tier: 'web' },
      ports: [{ protocol: 'tcp', target: 80, published: 8080, mode: 'host' }],
      volumes: [{ type: 'bind', source: '/a', target: '/mnt' }],
      secrets: [{ source: 'one' }],
      cap_add: ['NET_ADMIN'],
      tty: true,
      init: true,
      logging: { driver: 'json-file', options: { 'max-size': '1m' } },
      ulimits: { nofile: { soft: 1, hard: 2 } },
      networks: { front: { aliases: ['a'] }, back: null },
      deploy: {
        replicas: 3,
        labels: { base: 'yes' },
        resources: {},
        placement: { constraints: ['node.role == manager'], preferences: [] },
      },
    }),
    service('worker', { image: 'worker:1' }),
  ]);
  const override = model('/x/override.yml', [
    service('web', {
      command: ['sleep', '2'],
      environment: { A: '', B: 'override', C: 'override', D: null },
      labels: { tier: '' },
      ports: [
        { protocol: 'tcp', target: 80, published: 8080, mode: 'host' },
        { protocol: 'tcp', target: 443, published: 443, mode: 'host' },
      ],
      volumes: [{ type: 'bind', source: '/b', target: '/mnt', read_only: true }],
      secrets: [{ source: 'two' }, { source: 'one', target: 'renamed' }],
      cap_add: ['SYS_TIME'],
      tty: false,
      init: false,
      logging: { options: { 'max-file': '2' } },
      ulimits: { nofile: { single: 5 } },
      networks: { front: { aliases: ['b'] }, back: null },
      deploy: {
        replicas: 0,
        labels: { override: 'yes' },
        resources: {},
        placement: { constraints: ['node.platform.os == linux'], preferences: [] },
      },
    }),
    service('added', { image: 'added:1' }),
  ]);

  it('overrides scalars, merges maps, appends lists and merges ports, volumes and secrets by key', () => {
    const merged = mergeComposeModels(base, override);
    expect(Object.keys(merged.services).sort()).toEqual(['added', 'web', 'worker']);
    const web = merged.services.web as ServiceModel;
    expect(web.image).toBe('web:1');
    expect(web.command).toEqual(['sleep', '2']);
    // Checked against `docker stack config -c base -c override`: an empty environment value keeps
    // the earlier one (a *string), an empty label replaces it (a string).
    expect(web.environment).toEqual({ A: 'base', B: 'override', C: 'override', D: null });
    expect(web.labels).toEqual({ tier: '' });
    expect(web.ports.map((p) => p.published)).toEqual([443, 8080]);
    expect(web.volumes).toEqual([{ type: 'bind', source: '/b', target: '/mnt', read_only: true }]);
    expect(web.secrets).toEqual([{ source: 'one', target: 'renamed' }, { source: 'two' }]);
    expect(web.cap_add).toEqual(['NET_ADMIN', 'SYS_TIME']);
    // false is Go's zero value: it does not override (mergo WithOverride).
    expect(web.tty).toBe(true);
    expect(web.logging).toEqual({
      driver: 'json-file',
      options: { 'max-size': '1m', 'max-file': '2' },
    });
    expect(web.ulimits).toEqual({ nofile: { single: 5 } });
    expect(web.networks).toEqual({ front: { aliases: ['b'] }, back: null });
    // replicas is a *uint64 in the CLI's types, merged as such: an explicit 0 wins.
    expect(web.deploy.replicas).toBe(0);
    // init is a *bool, but mergo dereferences it: false does not override (checked against the CLI).
    expect(web.init).toBe(true);
    expect(web.deploy.labels).toEqual({ base: 'yes', override: 'yes' });
    expect(web.deploy.placement.constraints).toEqual([
      'node.role == manager',
      'node.platform.os == linux',
    ]);
    expect(web.source).toEqual(at);
  });

  it('replaces a logging config with another driver, and top-level objects by name', () => {
    const left = model(
      '/x/a.yml',
      [service('s', { logging: { driver: 'json-file', options: { a: '1' } } })],
      {
        networks: { n: { external: false, labels: { a: '1' }, driver: 'overlay', source: at } },
      },
    );
    const right = model('/x/b.yml', [service('s', { logging: { driver: 'syslog' } })], {
      networks: { n: { external: true, name: 'shared', labels: {}, source: at } },
    });
    const merged = mergeComposeModels(left, right);
    expect(merged.services.s?.logging).toEqual({ driver: 'syslog' });
    expect(merged.networks.n).toEqual({ external: true, name: 'shared', labels: {}, source: at });
  });
});
