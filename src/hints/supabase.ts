/**
 * Objects Supabase's platform creates (roles, the auth schema, auth.uid() …)
 * that a migration written for Supabase takes for granted. The gate ships them
 * as a prerequisite pack, and the pack itself says which: its CREATE
 * statements are the list, so the hint can never name what the pack lacks.
 */
import { optionValue } from '../errors.js';
import type { ObjectKind, ObjectName } from '../migrations/model.js';
import { objectKey } from '../migrations/names.js';
import { gateSql } from '../sql-files.js';

const PACK = 'supabase-auth';
const KINDS: Record<string, ObjectKind> = { role: 'role', schema: 'schema', table: 'table', function: 'function' };
// Roles are created inside a DO block (only when absent), where the parser does not look: a pattern finds them all.
const CREATE = /\bCREATE\s+(?:OR\s+REPLACE\s+)?(ROLE|SCHEMA|TABLE|FUNCTION)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)/gi;

let created: Set<string> | undefined;

/** "Supabase creates it: add `--prerequisite pack:supabase-auth`." for what the pack creates. */
export function supabaseHint(object: ObjectName): string | undefined {
  if (!packObjects().has(objectKey(object))) return undefined;
  return `Supabase creates it: add \`${optionValue('prerequisite', `pack:${PACK}`)}\`.`;
}

function packObjects(): Set<string> {
  if (created) return created;
  created = new Set();
  for (const [, keyword, qualified] of gateSql(`packs/${PACK}.sql`).matchAll(CREATE)) {
    const kind = KINDS[keyword!.toLowerCase()]!;
    const [first, second] = qualified!.toLowerCase().split('.');
    created.add(objectKey(second === undefined ? { kind, name: first! } : { kind, schema: first!, name: second }));
  }
  return created;
}
