import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEntrypoint } from './entrypoint-template.js';

const EXAMPLE = join(
  import.meta.dirname,
  ...['..', '..', '..', '..', '..'],
  'examples',
  'django-app',
  'deployment',
  'entrypoint.sh',
);

describe('renderEntrypoint', () => {
  it("is exactly the example app's entrypoint, which the end-to-end tests deploy", async () => {
    expect(renderEntrypoint()).toBe(await readFile(EXAMPLE, 'utf8'));
  });
});
