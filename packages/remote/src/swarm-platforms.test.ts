import { describe, expect, it } from 'vitest';
import { swarmPlatforms } from './swarm-platforms.js';

describe('swarmPlatforms', () => {
  it('keeps architecture and OS in the engine’s order, as the CLI does', () => {
    expect(
      swarmPlatforms([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux', variant: 'v8' },
      ]),
    ).toEqual([
      { Architecture: 'amd64', OS: 'linux' },
      { Architecture: 'arm64', OS: 'linux' },
    ]);
  });
  it('drops the architecture of arm images (nodes report armv7l) and empty fields', () => {
    expect(swarmPlatforms([{ architecture: 'ARM', os: 'linux', variant: 'v7' }, {}])).toEqual([
      { OS: 'linux' },
      {},
    ]);
    expect(swarmPlatforms(undefined)).toEqual([]);
  });
});
