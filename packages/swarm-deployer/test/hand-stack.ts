// LoadedStacks built by hand, shaped like the CLI's converter output, so the
// deploy half is tested on its own (the loader has its own tests).
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { LoadedStack, StackSecretOrConfig, StackService } from '../src/stack.js';

export interface HandService {
  name: string;
  image: string;
  env?: string[];
  command?: string[];
  secrets?: string[];
  configs?: string[];
  networks?: string[];
  replicas?: number;
}

export function handStack(input: {
  stack: string;
  services: HandService[];
  secrets?: Record<string, string>;
  configs?: Record<string, string>;
  externalNetworks?: string[];
}): LoadedStack {
  const { stack } = input;
  const namespace = { 'com.docker.stack.namespace': stack };
  const secretOrConfig = (
    kind: 'secret' | 'config',
    name: string,
    value: string,
  ): StackSecretOrConfig => {
    const data = Buffer.from(value);
    const hash = createHash('sha256').update(data).digest('hex');
    return {
      kind,
      name,
      fullName: `${stack}_${name}_${hash.slice(0, 12)}`,
      external: false,
      data,
      hash,
      labels: { ...namespace },
    };
  };
  const secrets = Object.entries(input.secrets ?? {}).map(([name, value]) =>
    secretOrConfig('secret', name, value),
  );
  const configs = Object.entries(input.configs ?? {}).map(([name, value]) =>
    secretOrConfig('config', name, value),
  );
  const external = new Set(input.externalNetworks ?? []);
  const networkKeys = new Set<string>();
  const services: StackService[] = input.services.map((service) => {
    const networks = service.networks ?? ['default'];
    for (const network of networks) networkKeys.add(network);
    const spec: Docker.ServiceSpec = {
      Name: `${stack}_${service.name}`,
      Labels: { ...namespace },
      TaskTemplate: {
        ContainerSpec: {
          Image: service.image,
          Command: service.command ?? ['sleep', '3600'],
          Labels: { ...namespace },
          Env: service.env,
          StopGracePeriod: 1_000_000_000,
          Privileges: { CredentialSpec: null, SELinuxContext: null },
          Secrets: (service.secrets ?? []).map((key) => {
            const secret = secrets.find((s) => s.name === key);
            return {
              File: { Name: key, UID: '0', GID: '0', Mode: 0o444 },
              SecretID: '',
              SecretName: secret?.fullName ?? key,
            };
          }),
          Configs: (service.configs ?? []).map((key) => {
            const config = configs.find((c) => c.name === key);
            return {
              File: { Name: `/${key}`, UID: '0', GID: '0', Mode: 0o444 },
              ConfigID: '',
              ConfigName: config?.fullName ?? key,
            };
          }),
        },
        Resources: {},
        RestartPolicy: { Condition: 'any', MaxAttempts: 0 },
        Placement: {},
        Networks: networks.map((key) => ({
          Target: external.has(key) ? key : `${stack}_${key}`,
          Aliases: [service.name],
        })),
      },
      Mode: { Replicated: { Replicas: service.replicas ?? 1 } },
      UpdateConfig: {
        Parallelism: 1,
        Delay: 100_000_000,
        FailureAction: 'pause',
        Order: 'stop-first',
      },
      EndpointSpec: { Mode: 'dnsrr' },
    } as unknown as Docker.ServiceSpec;
    return { name: service.name, fullName: `${stack}_${service.name}`, image: service.image, spec };
  });
  return {
    name: stack,
    files: [],
    services,
    networks: [...networkKeys].map((key) =>
      external.has(key)
        ? { name: key, fullName: key, external: true }
        : {
            name: key,
            fullName: `${stack}_${key}`,
            external: false,
            create: { Name: `${stack}_${key}`, Driver: 'overlay', Labels: { ...namespace } },
          },
    ),
    volumes: [],
    secrets,
    configs,
    warnings: [],
  };
}
