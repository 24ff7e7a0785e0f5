import Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { checkRemote } from './check-remote.js';

describe('checkRemote', () => {
  it('accepts anything that carries a dockerode `docker`', () => {
    const remote = { docker: new Dockerode({ socketPath: '/nonexistent.sock' }) };
    expect(checkRemote(remote)).toBe(remote);
  });
  it('names the field for anything else', () => {
    for (const bad of [undefined, null, {}, { docker: {} }, new Dockerode()]) {
      expect(() => checkRemote(bad, 'options.remote')).toThrow(
        expect.objectContaining({ code: 'OPTIONS_INVALID', field: 'options.remote' }),
      );
    }
  });
});
