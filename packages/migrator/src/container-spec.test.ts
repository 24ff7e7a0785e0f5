import { describe, expect, it } from 'vitest';
import { containerSpec } from './container-spec.js';

describe('containerSpec', () => {
  it('is an attached container on the given network, with a stop timeout in whole seconds', () => {
    expect(
      containerSpec({
        name: 'shop_migrate-abc123',
        labels: { 'io.swarmlift.one-off': 'shop' },
        image: 'registry.example.com/shop:1',
        command: ['python', 'manage.py', 'migrate'],
        entrypoint: [],
        env: ['A=1'],
        network: 'shop_default',
        stopGracePeriodMs: 1_500,
      }),
    ).toEqual({
      name: 'shop_migrate-abc123',
      Image: 'registry.example.com/shop:1',
      Cmd: ['python', 'manage.py', 'migrate'],
      Entrypoint: [],
      Env: ['A=1'],
      Labels: { 'io.swarmlift.one-off': 'shop' },
      StopTimeout: 2,
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { NetworkMode: 'shop_default' },
    });
  });

  it("keeps the image's entrypoint and the engine's network when none is given", () => {
    const spec = containerSpec({
      name: 'one-off-abc123',
      labels: {},
      image: 'app:1',
      command: ['true'],
      env: [],
      network: undefined,
    });
    expect(spec).not.toHaveProperty('Entrypoint');
    expect(spec.HostConfig).toEqual({});
  });
});
