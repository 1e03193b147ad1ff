/**
 * Secrets never reach logs, reports or errors: registered values are replaced
 * wherever they appear, and passwords inside connection URLs always are.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]+)(@)/gi;
const PASSWORD_PARAM = /(\bpassword=)([^\s&]+)/gi;

export function maskSecrets(text: string): string {
  let masked = text.replace(URL_PASSWORD, '$1***$3').replace(PASSWORD_PARAM, '$1***');
  for (const secret of secrets) masked = masked.split(secret).join('***');
  return masked;
}
