/**
 * Secrets never reach logs, reports or errors: registered values are replaced
 * wherever they appear, and passwords inside connection URLs always are. A
 * migration is untrusted code: whatever it manages to put into a message
 * (an environment variable, a URL) passes through here before it is shown.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Names that say "secret": GITHUB_TOKEN, INPUT_GITHUB-TOKEN, NEON_API_KEY, PGPASSWORD, DATABASE_URL, … */
const SECRET_NAME =
  /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|DATABASE_URL|_DSN$|CONNECTION_?STRING/i;

/**
 * Every environment variable whose name looks secret is a secret of the run,
 * and so is a password in any URL-valued variable. Short values are left out:
 * masking "true" or "1" everywhere would garble every report.
 */
export function registerEnvironmentSecrets(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name) && value.length >= 8) registerSecret(value);
    for (const match of value.matchAll(URL_PASSWORD)) registerSecret(match[2]);
  }
}

/** `scheme://user:password@` with any number of slashes (a mistyped `postgresql:///…` too). */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/{0,3}[^:/?#@\s]*:)([^@\s/]+)(@)/gi;
const PASSWORD_PARAM = /(\bpassword=)([^\s&]+)/gi;

export function maskSecrets(text: string): string {
  let masked = text.replace(URL_PASSWORD, '$1***$3').replace(PASSWORD_PARAM, '$1***');
  for (const secret of secrets) masked = masked.split(secret).join('***');
  return masked;
}

/** Every string inside a value (a report, a finding), masked; the shape is kept. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskDeep(inner)])) as T;
  }
  return value;
}
