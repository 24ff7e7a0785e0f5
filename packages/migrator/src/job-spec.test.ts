import { describe, expect, it } from 'vitest';
import { jobSpec } from './job-spec.js';

const base = {
  name: 'shop_migrate-abc123',
  labels: { 'io.swarmlift.one-off': 'shop', 'io.swarmlift.one-off.name': 'migrate' },
  image: `registry.example.com/shop:abc1234@sha256:${'a'.repeat(64)}`,
  command: ['python', 'manage.py', 'migrate'],
  env: ['A=1'],
  networks: ['shop_default'],
};

describe('jobSpec', () => {
  it('is a replicated job with one completion, labelled on the service and the container', () => {
    const spec = jobSpec({ ...base, kind: 'replicated-job' });
    expect(spec).toEqual({
      Name: 'shop_migrate-abc123',
      Labels: base.labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: base.image,
          Args: base.command,
          Env: ['A=1'],
          Labels: base.labels,
        },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Networks: [{ Target: 'shop_default' }],
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    });
  });

  it('is one replica with restart condition none for the replicated kind', () => {
    expect(jobSpec({ ...base, kind: 'replicated' }).Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it('replaces the entrypoint, places the task and sets the grace period in nanoseconds', () => {
    const spec = jobSpec({
      ...base,
      kind: 'replicated',
      entrypoint: [],
      constraints: ['node.role==manager'],
      stopGracePeriodMs: 500,
    }) as { TaskTemplate: Record<string, unknown> & { ContainerSpec: Record<string, unknown> } };
    // An empty Command would count as unset in Swarm: the command's first word replaces the entrypoint.
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({
      Command: base.command.slice(0, 1),
      Args: base.command.slice(1),
      StopGracePeriod: 500_000_000,
    });
    expect(spec.TaskTemplate.Placement).toEqual({ Constraints: ['node.role==manager'] });
  });

  it('keeps a given entrypoint and the command as its arguments; without one only Args', () => {
    const withEntrypoint = jobSpec({
      ...base,
      kind: 'replicated',
      entrypoint: ['/bin/sh', '-c'],
    }) as {
      TaskTemplate: { ContainerSpec: Record<string, unknown> };
    };
    expect(withEntrypoint.TaskTemplate.ContainerSpec).toMatchObject({
      Command: ['/bin/sh', '-c'],
      Args: base.command,
    });
    const plain = jobSpec({ ...base, kind: 'replicated' }) as {
      TaskTemplate: { ContainerSpec: Record<string, unknown> };
    };
    expect(plain.TaskTemplate.ContainerSpec.Command).toBeUndefined();
    expect(plain.TaskTemplate.ContainerSpec.Args).toEqual(base.command);
  });

  it('never carries the stack namespace label', () => {
    expect(JSON.stringify(jobSpec({ ...base, kind: 'replicated-job' }))).not.toContain(
      'com.docker.stack.namespace',
    );
  });
});
