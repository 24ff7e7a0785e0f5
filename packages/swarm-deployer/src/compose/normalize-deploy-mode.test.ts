import { describe, expect, it } from 'vitest';
import { normalizeDeployMode } from './normalize-deploy-mode.js';

const at = ['services', 'web'];

describe('normalizeDeployMode', () => {
  it('keeps mode and replicas', () => {
    expect(normalizeDeployMode({ mode: 'replicated', replicas: 3 }, at)).toEqual({
      value: { mode: 'replicated', replicas: 3 },
      problems: [],
    });
    expect(normalizeDeployMode({}, at)).toStrictEqual({
      value: { mode: undefined, replicas: undefined },
      problems: [],
    });
  });

  it.each(['global', 'global-job'])('refuses replicas with mode %s', (mode) => {
    expect(normalizeDeployMode({ mode, replicas: 2 }, at).problems).toEqual([
      {
        path: ['services', 'web', 'deploy', 'replicas'],
        message: 'replicas can only be used with replicated or replicated-job mode',
      },
    ]);
  });
});
