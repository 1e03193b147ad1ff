import { ConfigError } from '../errors.js';

/**
 * The PostgreSQL majors the embedded server comes in: the binary packages
 * publish them, and src/database/postgres-pin.json pins one build of each.
 */
export const POSTGRES_MAJORS = ['14', '15', '16', '17', '18'] as const;
export type PostgresMajor = (typeof POSTGRES_MAJORS)[number];

/** The major of the binary package installed for development (package-lock.json). */
export const DEFAULT_POSTGRES_MAJOR: PostgresMajor = '17';

export function isPostgresMajor(value: string): value is PostgresMajor {
  return (POSTGRES_MAJORS as readonly string[]).includes(value);
}

/** `16`, `'16'` or `'16.4'` → `'16'`; anything else is a configuration error naming `where`. */
export function postgresMajor(value: string | number, where: string): PostgresMajor {
  const major = String(value)
    .trim()
    .replace(/\.\d+$/, '');
  if (isPostgresMajor(major)) return major;
  throw new ConfigError(`${where}: PostgreSQL ${value} is not available; choose ${POSTGRES_MAJORS.join(', ')}`);
}
