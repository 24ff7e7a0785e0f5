import { describe, expect, it } from 'vitest';
import { stackNameFrom } from './stack-name.js';

describe('stackNameFrom', () => {
  it("takes the last part of owner/repo or a folder, as Swarm's stack rule allows", () => {
    expect(stackNameFrom('acme/Shop.Web')).toBe('shop-web');
    expect(stackNameFrom('my_site')).toBe('my_site');
    expect(stackNameFrom('/tmp/sltest-e2e-guide-AbC/')).toBe('sltest-e2e-guide-abc');
  });
  it('falls back to app when nothing usable is left', () => {
    expect(stackNameFrom('...')).toBe('app');
  });
});
