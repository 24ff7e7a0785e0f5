/** Names of extra env-file variables (ENV_KEYS) whose values are treated as secrets. */
const SECRET_NAME =
  /SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|_KEY$|^KEY$|DSN|AUTH/i;

/** A derived form shorter than this would hide unrelated text (a `}` line, `-----`). */
const MIN_DERIVED = 4;

export interface SecretSources {
  /** Values of settings marked secret (SECRET_KEY, DB_PASSWORD, SSH_PRIVATE_KEY, REGISTRY_PASSWORD). */
  secretSettings: readonly (string | undefined)[];
  /** Every variable written to the env file, by name. */
  appEnv: Readonly<Record<string, string>>;
  /** The registry login in use, if any (explicit, GITHUB_TOKEN or the Docker config). */
  registry?: {
    username?: string | undefined;
    password?: string | undefined;
    identityToken?: string | undefined;
  };
  /** The environment, for secrets the CLI passes on without reading (GITHUB_TOKEN, DJANGO_SUPERUSER_PASSWORD). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Names the config file's `hooks.env` passes to hooks (a webhook URL, a
   * token): their values are secrets too, whatever their names (4+ characters).
   */
  passedToHooks?: readonly string[] | undefined;
}

/**
 * Every secret value configured, and the forms of it that could be printed:
 * each value as is and trimmed, URL-encoded and JSON-escaped; each line of a multi-line value (a private
 * key, also when its newlines are escaped as `\n`), without its BEGIN/END
 * lines; the password inside any URL (`redis://:pw@…`, `postgres://u:pw@…`),
 * raw and decoded; base64 of `user:password` (the Docker config's `auth`);
 * the values of extra env-file variables whose names look secret. Short
 * non-secret values (DEBUG=1, DB_PORT) are never included. Longest first.
 */
export function collectSecrets(sources: SecretSources): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined, min = 1) => {
    if (value === undefined) return;
    for (const form of [value, value.trim()]) {
      if (form.length < min) continue;
      secrets.add(form);
      // How a value is printed inside a URL or a JSON document.
      secrets.add(encodeURIComponent(form));
      secrets.add(JSON.stringify(form).slice(1, -1));
    }
  };
  const addWithLines = (value: string) => {
    add(value);
    const lines = value.includes('\n') ? value.split(/\r?\n/) : value.split(/\\n/);
    if (lines.length < 2) return;
    for (const line of lines) {
      if (/^\s*-----(BEGIN|END) /.test(line)) continue;
      add(line.trim(), MIN_DERIVED);
    }
  };

  for (const value of sources.secretSettings) if (value) addWithLines(value);

  for (const [key, value] of Object.entries(sources.appEnv)) {
    if (SECRET_NAME.test(key) && key !== 'DEBUG') addWithLines(value);
    for (const password of urlPasswords(value)) add(password, MIN_DERIVED);
  }

  const login = sources.registry;
  if (login?.password) {
    add(login.password);
    if (login.username) {
      add(Buffer.from(`${login.username}:${login.password}`).toString('base64'), MIN_DERIVED);
    }
  }
  if (login?.identityToken) add(login.identityToken);

  for (const name of ['GITHUB_TOKEN', 'DJANGO_SUPERUSER_PASSWORD', 'ACTIONS_RUNTIME_TOKEN']) {
    const value = sources.env[name];
    if (value?.trim()) add(value, MIN_DERIVED);
  }
  for (const name of sources.passedToHooks ?? []) {
    const value = sources.env[name];
    if (value === undefined) continue;
    add(value, MIN_DERIVED);
    for (const password of urlPasswords(value)) add(password, MIN_DERIVED);
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** The passwords in the userinfo of every URL in `text`, as written and percent-decoded. */
export function urlPasswords(text: string): string[] {
  const passwords: string[] = [];
  for (const match of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]+)@/gi)) {
    const password = match[1] as string;
    passwords.push(password);
    try {
      const decoded = decodeURIComponent(password);
      if (decoded !== password) passwords.push(decoded);
    } catch {
      // not valid percent-encoding: the raw form is enough
    }
  }
  return passwords;
}
