/**
 * The role the isolation probes act as: the configured application role;
 * else `authenticated` where the Supabase roles exist (pack:supabase-auth or
 * a Supabase baseline); else a role made inside the probe's savepoint, not
 * the owner of anything, granted the tables so that only row level security
 * decides what it sees.
 */
import type pg from 'pg';
import type { Table } from '../catalog/model.js';
import { id, relation } from './session.js';

export const PROBE_ROLE = 'migration_gate_probe';

export interface ProbeRole {
  name: string;
  /** Made by the gate: it sees what it was granted here, which real roles may not be. */
  made: boolean;
}

export async function probeRole(
  client: pg.Client,
  configured: string | undefined,
  grants: { all: boolean; tables: Table[] },
): Promise<ProbeRole | string> {
  const exists = async (name: string): Promise<{ exempt: boolean } | undefined> => {
    const { rows } = await client.query<{ exempt: boolean }>(
      'SELECT rolsuper OR rolbypassrls AS exempt FROM pg_roles WHERE rolname = $1',
      [name],
    );
    return rows[0];
  };
  if (configured !== undefined) {
    const found = await exists(configured);
    if (!found) return `the configured role ${configured} does not exist`;
    if (found.exempt)
      return `the configured role ${configured} is a superuser or BYPASSRLS: row level security never applies to it`;
    await client.query(`GRANT ${id(client, configured)} TO CURRENT_USER`).catch(() => undefined);
    return { name: configured, made: false };
  }
  const authenticated = await exists('authenticated');
  if (authenticated && !authenticated.exempt) {
    await client.query('GRANT authenticated TO CURRENT_USER').catch(() => undefined);
    return { name: 'authenticated', made: false };
  }
  const schemas = grants.all
    ? (
        await client.query<{ name: string }>(
          "SELECT nspname AS name FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'",
        )
      ).rows.map((r) => r.name)
    : [...new Set(grants.tables.map((t) => t.schema))];
  const statements = [`CREATE ROLE ${PROBE_ROLE} NOLOGIN NOINHERIT`, `GRANT ${PROBE_ROLE} TO CURRENT_USER`];
  for (const schema of schemas) {
    statements.push(`GRANT USAGE ON SCHEMA ${id(client, schema)} TO ${PROBE_ROLE}`);
    if (grants.all) {
      statements.push(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${id(client, schema)} TO ${PROBE_ROLE}`,
        `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${id(client, schema)} TO ${PROBE_ROLE}`,
      );
    }
  }
  if (!grants.all) {
    for (const table of grants.tables) {
      statements.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${relation(client, table)} TO ${PROBE_ROLE}`);
    }
  }
  // One message: its statements run inside the caller's savepoint, all or none.
  await client.query(statements.join('; '));
  return { name: PROBE_ROLE, made: true };
}
