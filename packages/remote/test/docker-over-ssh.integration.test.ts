import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  describeIntegration,
  dockerClient,
  startPrivateSshd,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, ensureSwarmManager, type Remote, type RemoteEvent } from '../src/index.js';
import { privateSshdEngineConfig, privateSshdOptions, sshOptions } from './helpers.js';

describeIntegration('Docker API and commands over one SSH session', (env) => {
  let remote: Remote;
  const events: RemoteEvent[] = [];

  beforeAll(async () => {
    remote = await connect(sshOptions(env, { onEvent: (event) => events.push(event) }));
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('reaches the swarm manager and reports the verified host key', async () => {
    const manager = await ensureSwarmManager({ remote });
    const localInfo = await dockerClient(env).info();
    expect(manager.nodeId).toBe(localInfo.Swarm.NodeID);
    expect(manager.apiVersion).toMatch(/^1\.\d+$/);
    expect(remote.hostKey?.fingerprint).toBe(env.SSH_HOST_KEY_FINGERPRINT);
    expect(remote.dockerTransport).toBe('stream-local');
    expect(events.map((event) => event.type)).toEqual(['ssh_connected', 'docker_transport']);
  });

  it('lists services, including one created through the session', async () => {
    const name = uniqueName('svc');
    const service = await remote.docker.createService({
      Name: name,
      TaskTemplate: { ContainerSpec: { Image: env.IMAGE_BUSYBOX, Command: ['sleep', '300'] } },
      Mode: { Replicated: { Replicas: 0 } },
    });
    try {
      const services = await remote.docker.listServices({ filters: { name: [name] } });
      expect(services.map((s) => s.Spec?.Name)).toEqual([name]);
    } finally {
      await remote.docker.getService(service.id).remove();
    }
  });

  it('runs a container and reads its output', async () => {
    const name = uniqueName('run');
    const container = await remote.docker.createContainer({
      name,
      Image: env.IMAGE_BUSYBOX,
      Cmd: ['sh', '-c', 'echo hello from $(hostname); exit 3'],
      Hostname: 'sltest-box',
    });
    try {
      await container.start();
      const result = await container.wait();
      const logs = await container.logs({ stdout: true, stderr: true });
      expect(result.StatusCode).toBe(3);
      expect(logs.toString('latin1')).toContain('hello from sltest-box');
    } finally {
      await container.remove({ force: true });
    }
  });

  it('follows an attached stream (docker run) on the same session', async () => {
    const chunks: Buffer[] = [];
    const sink = new (await import('node:stream')).Writable({
      write(chunk, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const [result, container] = await remote.docker.run(
      env.IMAGE_BUSYBOX,
      ['echo', 'attached output'],
      sink,
      {
        name: uniqueName('attach'),
        Tty: true,
      },
    );
    await container.remove({ force: true });
    expect(result.StatusCode).toBe(0);
    expect(Buffer.concat(chunks).toString()).toContain('attached output');
  });

  it("ends an attached stream when its container exits (the forward's EOF, not a later close)", async () => {
    const container = await remote.docker.createContainer({
      name: uniqueName('attach-end'),
      Image: env.IMAGE_BUSYBOX,
      Cmd: ['sh', '-c', 'echo first; sleep 0.3; echo last'],
      AttachStdout: true,
      AttachStderr: true,
    });
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const chunks: Buffer[] = [];
      const ended = new Promise<'end' | 'aborted'>((resolve) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.once('end', () => resolve('end'));
        stream.once('aborted', () => resolve('aborted'));
      });
      await container.start();
      // Before the fix this waited for the session to close and then aborted.
      const outcome = await Promise.race([
        ended,
        new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 10_000)),
      ]);
      expect(outcome).toBe('end');
      expect(Buffer.concat(chunks).toString('latin1')).toMatch(/first[\s\S]*last/);
    } finally {
      await container.remove({ force: true });
    }
  });

  it('exec passes stdin and env without a shell string and returns the exit code', async () => {
    const result = await remote.exec(
      ['sh', '-c', 'printf "%s|" "$GREETING" "$1"; cat; exit 4', 'sh', "it's $HOME; `x`"],
      {
        stdin: 'from stdin',
        env: { GREETING: "multi\nline 'quoted' $NOT_EXPANDED" },
        reject: false,
      },
    );
    expect(result).toEqual({
      stdout: "multi\nline 'quoted' $NOT_EXPANDED|it's $HOME; `x`|from stdin",
      stderr: '',
      exitCode: 4,
      signal: undefined,
    });
  });

  it('streams a large stdin (a Readable) to the command with backpressure', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'swarmlift');
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) yield chunk;
      })(),
    );
    const expected = createHash('sha256');
    for (let i = 0; i < 20; i++) expected.update(chunk);
    const result = await remote.exec(['sha256sum'], { stdin: source });
    expect(result.stdout.split(' ')[0]).toBe(expected.digest('hex'));
  });

  it('carries 50 MB of stdout through the session intact', async () => {
    const result = await remote.exec(['sh', '-c', 'head -c 52428800 /dev/zero | tr "\\0" "x"']);
    expect(result.stdout.length).toBe(52_428_800);
    expect(createHash('sha256').update(result.stdout).digest('hex')).toBe(
      createHash('sha256').update('x'.repeat(52_428_800)).digest('hex'),
    );
  });

  it('answers 200 concurrent Docker API calls over one SSH connection, at most maxDockerChannels channels', async () => {
    const sshd = await startPrivateSshd(env, { logLevel: 'DEBUG1' });
    const own = await connect(
      privateSshdOptions(env, sshd, {
        maxDockerChannels: 8,
      }),
    );
    try {
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            i % 2 ? own.docker.listTasks() : own.docker.ping(),
          ),
        );
        expect(results.filter((r) => Array.isArray(r))).toHaveLength(100);
      }
      expect(await sshd.acceptedConnections()).toBe(1);
      // Keep-alive reuses the channels: 600 calls, never more than 8 channels opened.
      const opened = await sshd.countLogLines('server_request_direct_streamlocal');
      expect(opened).toBeGreaterThan(0);
      expect(opened).toBeLessThanOrEqual(8);
    } finally {
      await own.close();
      await sshd.stop();
    }
  });

  it('falls back to docker system dial-stdio when sshd refuses socket forwarding', async () => {
    const sshd = await startPrivateSshd(env, {
      allowStreamLocalForwarding: false,
      extraConfig: privateSshdEngineConfig(env),
    });
    const seen: RemoteEvent[] = [];
    const own = await connect(
      privateSshdOptions(env, sshd, {
        onEvent: (event) => seen.push(event),
      }),
    );
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, () => own.docker.listServices()),
      );
      expect(results).toHaveLength(30);
      expect(own.dockerTransport).toBe('dial-stdio');
      const transport = seen.find((event) => event.type === 'docker_transport');
      expect(transport).toMatchObject({
        transport: 'dial-stdio',
        fallbackReason: expect.stringMatching(/prohibited|refused|open failed/i),
      });
      // Session channels stay below MaxSessions, so commands still run beside the Docker calls.
      const both = await Promise.all([own.exec(['echo', 'still room']), own.docker.info()]);
      expect(both[0].stdout).toBe('still room\n');
      expect(await sshd.acceptedConnections()).toBe(1);
    } finally {
      await own.close();
      await sshd.stop();
    }
  });

  it('gives the same Remote shape for the local engine', async () => {
    const local = await connect({
      target: 'local',
      env: { DOCKER_HOST: `unix://${env.DOCKER_SOCKET}` },
    });
    try {
      expect(local.target).toEqual({ kind: 'unix', socketPath: env.DOCKER_SOCKET });
      expect((await ensureSwarmManager({ remote: local })).nodeId).toBe(
        (await ensureSwarmManager({ remote })).nodeId,
      );
      expect(
        (await local.exec(['sh', '-c', 'cat; echo "$X"'], { stdin: 'in ', env: { X: 'local' } }))
          .stdout,
      ).toBe('in local\n');
    } finally {
      await local.close();
    }
  });
});
