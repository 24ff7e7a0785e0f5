import { describe, expect, it } from 'vitest';
import { normalizeSpec } from './normalize-spec.js';

describe('normalizeSpec', () => {
  it('makes a spec as sent equal to the same spec as the engine stores it', () => {
    const sent = {
      Name: 's_web',
      Labels: { 'com.docker.stack.namespace': 's', empty: '' },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:latest',
          Env: ['A=1'],
          Privileges: { CredentialSpec: null, SELinuxContext: null },
          Secrets: [
            {
              File: { Name: 'pw', UID: '0', GID: '0', Mode: 292 },
              SecretID: '',
              SecretName: 's_pw_abc',
            },
          ],
          ReadOnly: false,
        },
        RestartPolicy: {},
        Placement: {},
        Networks: [{ Target: 's_default', Aliases: ['web'] }],
        ForceUpdate: 0,
      },
      Mode: { Replicated: {} },
      UpdateConfig: { Parallelism: 1, Delay: 0 },
      EndpointSpec: { Mode: 'vip' },
    };
    const stored = {
      Name: 's_web',
      Labels: { 'com.docker.stack.namespace': 's', empty: '' },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:latest',
          Env: ['A=1'],
          Privileges: { CredentialSpec: null, SELinuxContext: null },
          Secrets: [
            {
              File: { Name: 'pw', UID: '0', GID: '0', Mode: 292 },
              SecretID: 'x1y2',
              SecretName: 's_pw_abc',
            },
          ],
          Isolation: 'default',
        },
        RestartPolicy: { Condition: 'any', MaxAttempts: 0 },
        Placement: {},
        Networks: [{ Target: 'netid123', Aliases: ['web'] }],
        ForceUpdate: 3,
        Runtime: 'container',
      },
      Mode: { Replicated: { Replicas: 1 } },
      UpdateConfig: {
        Parallelism: 1,
        FailureAction: 'pause',
        MaxFailureRatio: 0,
        Order: 'stop-first',
      },
      EndpointSpec: { Mode: 'vip' },
    };
    const networkNames = new Map([['netid123', 's_default']]);
    expect(normalizeSpec(stored, { networkNames })).toEqual(normalizeSpec(sent, { networkNames }));
  });

  it('keeps what the engine would change', () => {
    const base = {
      Name: 'a',
      TaskTemplate: { ContainerSpec: { Image: 'x:1' } },
      Mode: { Replicated: { Replicas: 2 } },
    };
    const zero = { ...base, Mode: { Replicated: { Replicas: 0 } } };
    expect(normalizeSpec(zero)).not.toEqual(normalizeSpec(base));
    expect(normalizeSpec(zero)).toMatchObject({ Mode: { Replicated: { Replicas: 0 } } });
    const init = { ...base, TaskTemplate: { ContainerSpec: { Image: 'x:1', Init: false } } };
    expect(normalizeSpec(init)).not.toEqual(normalizeSpec(base));
    const label = { ...base, Labels: { keep: '' } };
    expect(normalizeSpec(label)).not.toEqual(normalizeSpec(base));
    const global = { ...base, Mode: { Global: {} } };
    expect(normalizeSpec(global)).not.toEqual(normalizeSpec(base));
  });

  it('reads an endpoint without a mode as vip, as the engine stores it (no update on every deploy)', () => {
    const base = {
      Name: 'a',
      TaskTemplate: { ContainerSpec: { Image: 'x:1', Command: ['sleep'] } },
    };
    const storedVip = normalizeSpec({ ...base, EndpointSpec: { Mode: 'vip' } });
    expect(normalizeSpec({ ...base, EndpointSpec: {} })).toEqual(storedVip);
    expect(normalizeSpec(base)).toEqual(storedVip);
    const ports = [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }];
    expect(normalizeSpec({ ...base, EndpointSpec: { Ports: ports } })).toEqual(
      normalizeSpec({ ...base, EndpointSpec: { Mode: 'vip', Ports: ports } }),
    );
    expect(normalizeSpec({ ...base, EndpointSpec: { Mode: 'dnsrr' } })).not.toEqual(storedVip);
  });

  it('fills a port’s protocol and publish mode, and drops what the engine does not store', () => {
    const base = { Name: 'a', TaskTemplate: { ContainerSpec: { Image: 'x:1' } } };
    const sent = {
      ...base,
      EndpointSpec: {
        Ports: [{ TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }, { TargetPort: 81 }],
      },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'x:1',
          Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/t', Consistency: 'cached' }],
          Healthcheck: { Test: ['CMD', 'true'], StartInterval: 1_000_000_000 },
        },
      },
    };
    const stored = {
      ...base,
      EndpointSpec: {
        Mode: 'vip',
        Ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' },
          { Protocol: 'tcp', TargetPort: 81, PublishMode: 'ingress' },
        ],
      },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'x:1',
          Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/t' }],
          Healthcheck: { Test: ['CMD', 'true'] },
        },
      },
    };
    // Docker 20.10 (API 1.41) has no Healthcheck.StartInterval; API 1.44 stores it.
    expect(normalizeSpec(sent, { apiVersion: '1.41' })).toEqual(
      normalizeSpec(stored, { apiVersion: '1.41' }),
    );
    expect(normalizeSpec(sent, { apiVersion: '1.44' })).not.toEqual(
      normalizeSpec(stored, { apiVersion: '1.44' }),
    );
  });
});
