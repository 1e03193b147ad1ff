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

/**
 * The role the team's runner connects as must exist before migrations can run
 * as it. On a server the gate built, it is created as what such a role is in
 * production, the owner of the database and its public schema; a real
 * database must already have it.
 */
export async function prepareRunnerRole(client: pg.Client, role: string, fresh: boolean): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (rowCount) return;
  if (!fresh) throw new ConfigError(`session role "${role}" does not exist on the target database`);
  const name = client.escapeIdentifier(role);
  await client.query(
    `CREATE ROLE ${name} NOLOGIN; ALTER DATABASE postgres OWNER TO ${name}; ALTER SCHEMA public OWNER TO ${name}`,
  );
}
