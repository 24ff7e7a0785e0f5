import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { PlanProblem } from './errors.js';
import { planNetworks } from './plan-networks.js';
import type { LoadedStack } from './stack.js';

const stack = (networks: LoadedStack['networks']): LoadedStack => ({
  name: 'shop',
  files: [],
  services: [],
  networks,
  volumes: [],
  secrets: [],
  configs: [],
  warnings: [],
});
const engine = (network: Partial<Docker.NetworkInspectInfo>) =>
  network as Docker.NetworkInspectInfo;
const own = { Labels: { 'com.docker.stack.namespace': 'shop' }, Scope: 'swarm' };

describe('planNetworks', () => {
  it('creates the stack’s missing networks with its label, keeps existing ones, prunes dropped ones', () => {
    const problems: PlanProblem[] = [];
    const plans = planNetworks({
      stack: stack([
        { name: 'default', fullName: 'shop_default', external: false },
        { name: 'backend', fullName: 'shop_backend', external: false },
      ]),
      existing: [
        engine({ Id: 'n1', Name: 'shop_backend', ...own }),
        engine({ Id: 'n2', Name: 'shop_old', ...own }),
        engine({ Id: 'n3', Name: 'other_net', Labels: { 'com.docker.stack.namespace': 'other' } }),
      ],
      prune: true,
      problems,
    });
    expect(plans).toEqual([
      {
        name: 'shop_default',
        action: 'create',
        external: false,
        create: {
          Name: 'shop_default',
          Driver: 'overlay',
          Labels: { 'com.docker.stack.namespace': 'shop' },
        },
      },
      { name: 'shop_backend', action: 'unchanged', external: false, id: 'n1' },
      { name: 'shop_old', action: 'remove', external: false, id: 'n2' },
    ]);
    expect(problems).toEqual([]);
  });

  it('needs external networks to exist and be swarm-scoped; built-in ones are not looked up', () => {
    const problems: PlanProblem[] = [];
    const plans = planNetworks({
      stack: stack([
        { name: 'host', fullName: 'host', external: true },
        { name: 'edge', fullName: 'edge', external: true },
        { name: 'local', fullName: 'local', external: true },
        { name: 'gone', fullName: 'gone', external: true },
      ]),
      existing: [
        engine({ Id: 'e1', Name: 'edge', Scope: 'swarm' }),
        engine({ Id: 'l1', Name: 'local', Scope: 'local' }),
      ],
      prune: false,
      problems,
    });
    expect(plans).toEqual([
      { name: 'host', action: 'unchanged', external: true },
      { name: 'edge', action: 'unchanged', external: true, id: 'e1' },
    ]);
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      [
        'DEPLOY_NETWORK_NOT_FOUND',
        'Network "local" is declared as external, but it is a local-scoped network, not a swarm one.',
      ],
      [
        'DEPLOY_NETWORK_NOT_FOUND',
        'Network "gone" is declared as external, but it does not exist.',
      ],
    ]);
  });
});
