import { expect } from 'vitest';

/**
 * Every form in which `secret` could show up inside a longer text: itself,
 * its lines (a PEM key printed line by line), and its base64 and base64url
 * encodings at each of the three byte alignments it can have inside a longer
 * encoded value (a Docker auth header, `user:password` in an auths entry).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  const add = (value: string, min: number) => {
    if (value.length >= min) forms.add(value);
  };
  add(secret, 4);
  for (const line of secret.split(/\r?\n/)) {
    const body = line.trim();
    if (!body.startsWith('-----')) add(body, 16);
  }
  const bytes = Buffer.from(secret, 'utf8');
  for (let skip = 0; skip < 3; skip++) {
    const groups = Math.floor((bytes.length - skip) / 3);
    if (groups < 3) continue;
    // Whole 3-byte groups encode to the same 4 characters wherever they sit.
    const slice = bytes.subarray(skip, skip + groups * 3);
    add(slice.toString('base64'), 8);
    add(slice.toString('base64url'), 8);
  }
  return [...forms];
}

/** The secret values of a CLI environment: the key, the passwords, SECRET_KEY, and extras. */
export function secretsOf(env: Record<string, string | undefined>, extra: string[] = []): string[] {
  const names = [
    'SSH_PRIVATE_KEY',
    'REGISTRY_PASSWORD',
    'DB_PASSWORD',
    'SECRET_KEY',
    'GITHUB_TOKEN',
  ];
  const values = names.map((name) => env[name]).filter((value): value is string => !!value);
  const user = env.REGISTRY_USERNAME;
  if (user && env.REGISTRY_PASSWORD) values.push(`${user}:${env.REGISTRY_PASSWORD}`);
  return [...values, ...extra];
}

/**
 * Fails when any byte sequence of `output` (stdout + stderr) holds any form of
 * any secret value of `env` (see `secretsOf`, `secretForms`) or of `extra`.
 * The failure message shows only the secret's name position, never the value.
 */
export function expectNoSecrets(
  output: string,
  env: Record<string, string | undefined>,
  extra: string[] = [],
): void {
  const secrets = secretsOf(env, extra);
  expect(secrets.length, 'there are secrets to look for').toBeGreaterThan(0);
  for (const [index, secret] of secrets.entries()) {
    for (const form of secretForms(secret)) {
      const at = output.indexOf(form);
      expect(
        at,
        `secret #${index} (a form of ${form.length} chars) appears in the output at ${at}`,
      ).toBe(-1);
    }
  }
}
