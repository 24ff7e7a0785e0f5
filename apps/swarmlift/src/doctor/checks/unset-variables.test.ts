import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unsetComposeVariables } from './unset-variables.js';

const env: Record<string, string> = { REGISTRY: 'r', IMAGE_NAME: 'i', EMPTY: '' };
const lookup = (name: string) => env[name];

describe('unsetComposeVariables', () => {
  it('finds $VAR and ${VAR} without a value; empty counts as unset', () => {
    const doc = parse(`
services:
  django:
    image: \${REGISTRY}/\${IMAGE_NAME}/django-app:\${GITHUB_SHA_SHORT}
    command: run $$LITERAL $PORT \${EMPTY}
`);
    expect(unsetComposeVariables([doc], lookup)).toEqual(['EMPTY', 'GITHUB_SHA_SHORT', 'PORT']);
  });

  it('a default covers the variable, but the default may name others', () => {
    const doc = parse(`
services:
  edge:
    image: \${EDGE_IMAGE:-nginx}
    ports: ["\${EDGE_PORT-\${FALLBACK_PORT}}:80"]
    environment:
      A: \${EMPTY-set-but-empty-is-kept}
      B: \${EMPTY:-x}
`);
    expect(unsetComposeVariables([doc], lookup)).toEqual(['FALLBACK_PORT']);
  });

  it('${VAR:?message} and ${VAR?message} count, keys and top-level sections other than the five do not', () => {
    const doc = parse(`
x-anchor: \${NOT_INTERPOLATED}
services:
  s:
    volumes: ["\${STATIC_TARGET:?set it}:/srv"]
    labels:
      \${KEY_IS_NOT}: v
networks:
  n:
    name: \${NET?}
`);
    expect(unsetComposeVariables([doc], lookup)).toEqual(['NET', 'STATIC_TARGET']);
  });

  it('looks through several files, each name once', () => {
    const a = parse('services: {a: {image: $X}}');
    const b = parse('services: {b: {image: "${X}:${Y}"}}');
    expect(unsetComposeVariables([a, b, null], lookup)).toEqual(['X', 'Y']);
  });
});
