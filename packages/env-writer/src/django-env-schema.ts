import { z } from 'zod';

// Messages here never include the input: they end up in CI logs.

const text = (name: string) =>
  z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string({ error: `${name} must be text` }).min(1, { error: 'must not be empty' }),
  );

/** Placeholders copied from tutorials and templates; a deploy with one of them is a mistake. */
const PLACEHOLDER_SECRET =
  /change[-_ ]?me|replace[-_ ]?me|your[-_ ]?secret|secret[-_ ]?key[-_ ]?here|^x+$|^(.)\1+$/i;

/** Django's own deployment check (security.W009): long, varied and not the startproject default. */
const secretKey = z
  .string({ error: 'must be text' })
  .min(50, { error: "must be at least 50 characters long (Django's check security.W009)" })
  .refine((v) => !v.startsWith('django-insecure-'), {
    error: 'is the insecure key that django-admin startproject generated; generate a new one',
  })
  .refine((v) => new Set(v).size >= 5, {
    error: 'must contain at least 5 different characters',
  })
  .refine((v) => !PLACEHOLDER_SECRET.test(v), {
    error:
      'looks like a placeholder; generate a real key (python -c "import secrets; print(secrets.token_urlsafe(50))")',
  });

const flag = z.preprocess(
  (v) => (typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'number' ? String(v) : v),
  z.enum(['0', '1'], { error: 'must be 0 or 1' }),
);

const port = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string({ error: 'must be a port number' })
    .refine((v) => /^[0-9]{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, {
      error: 'must be a port number between 1 and 65535',
    }),
);

const redisUri = z
  .string({ error: 'must be text' })
  .regex(/^[A-Za-z0-9._-]+:[0-9]{1,5}\/[0-9]{1,2}$/, {
    error: 'must look like host:port/db, for example redis:6379/0',
  });

/**
 * The variables of the "Django on Docker Swarm" guide's production `.env`.
 * Unknown extra variables pass through unchanged; add your own with `.extend()`.
 */
export const djangoEnvSchema = z.looseObject({
  DEBUG: flag.default('0'),
  SECRET_KEY: secretKey,
  DB_NAME: text('DB_NAME'),
  DB_USER: text('DB_USER'),
  DB_PASSWORD: text('DB_PASSWORD'),
  DB_HOST: text('DB_HOST'),
  DB_PORT: port.default('5432'),
  REDIS_URI: redisUri,
});

export type DjangoEnv = z.output<typeof djangoEnvSchema>;
