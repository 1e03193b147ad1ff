import type pg from 'pg';
import { ConfigError } from '../errors.js';

/** Settings every session of the run gets (`session:` in migration-gate.yml, `--set`), e.g. search_path or role. */
export type SessionSettings = Record<string, string>;

/**
 * Applies the settings the team's migration runner uses, so the migration
 * resolves names and privileges as it will in production. `role` becomes
 * SET ROLE. A setting PostgreSQL refuses is the user's configuration error.
 */
export async function applySession(client: pg.Client, settings: SessionSettings, source: string): Promise<void> {
  for (const [name, value] of Object.entries(settings)) {
    try {
      await client.query('SELECT set_config($1, $2, false)', [name, value]);
    } catch (error) {
      throw new ConfigError(`${source}: ${name} = ${value}: ${(error as Error).message}`);
    }
  }
}
