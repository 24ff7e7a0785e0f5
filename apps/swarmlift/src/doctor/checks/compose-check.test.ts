import { ComposeError } from '@swarmlift/swarm-deployer';
import { describe, expect, it } from 'vitest';
import { composeVerdict } from './compose-check.js';

const files = 'deployment/docker-compose.prod.yml';

describe('composeVerdict', () => {
  it('passes when it loads and nothing is unset', () => {
    const verdict = composeVerdict({
      files,
      outcome: { ok: true, services: ['django', 'redis'], image: 'r/i:v', unset: [] },
    });
    expect(verdict.status).toBe('ok');
    expect(verdict.message).toContain('2 services (django, redis)');
  });
  it('names every unset variable and how to fix it', () => {
    const verdict = composeVerdict({
      files,
      outcome: {
        ok: true,
        services: ['django'],
        image: 'r/i:v',
        unset: ['DJANGO_PORT', 'EDGE_PORT'],
      },
    });
    expect(verdict).toMatchObject({ status: 'failed' });
    expect(verdict.message).toBe(
      `${files} interpolates DJANGO_PORT, EDGE_PORT, which are not set: docker stack deploy would silently make them empty`,
    );
    expect(verdict.hint).toContain('${NAME:-value}');
  });
  it('a compose file that does not load: its error', () => {
    const error = new ComposeError({
      code: 'COMPOSE_INVALID',
      problems: [{ file: files, line: 3, column: 5, path: 'services.x', message: 'bad' }],
    });
    const verdict = composeVerdict({ files, outcome: { ok: false, error } });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toContain('[COMPOSE_INVALID]');
  });
});
