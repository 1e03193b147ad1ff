import type pg from 'pg';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { unavailableHint } from '../hints/index.js';
import { gateSql } from '../sql-files.js';
import type { Finding } from '../types.js';
import type { RuleId } from '../rules/catalogue.js';

/** Role names that are keywords, not roles to create. */
const PSEUDO_ROLES = new Set(['public', 'current_user', 'session_user', 'current_role']);

/**
 * Makes a production dump (pg_dump --schema-only) loadable on a fresh server:
 * roles it names in OWNER TO / GRANT are created (NOLOGIN), and extensions the
 * server does not have are skipped — each reported, never silently.
 */
export async function prepareBaseline(
  client: pg.Client,
  parsed: ParsedSql,
): Promise<{ skip: Set<Statement>; findings: Finding[] }> {
  const findings: Finding[] = [];
  const createdHere = new Set(
    parsed.statements.flatMap((s) => s.creates.filter((o) => o.kind === 'role').map((o) => o.name)),
  );
  const roles = new Map<string, Statement>();
  for (const statement of parsed.statements) {
    for (const ref of statement.references) {
      const name = ref.object.name;
      if (
        ref.object.kind === 'role' &&
        !PSEUDO_ROLES.has(name.toLowerCase()) &&
        !createdHere.has(name) &&
        !roles.has(name)
      ) {
        roles.set(name, statement);
      }
    }
  }
  if (roles.size > 0) {
    const { rows } = await client.query<{ name: string }>(
      'SELECT rolname AS name FROM pg_roles WHERE rolname = ANY($1)',
      [[...roles.keys()]],
    );
    const existing = new Set(rows.map((r) => r.name));
    for (const [name, statement] of roles) {
      if (existing.has(name)) continue;
      await client.query(`CREATE ROLE ${client.escapeIdentifier(name)} NOLOGIN`);
      findings.push(
        info(
          'baseline-role-created',
          `role ${name} does not exist on this server: created it (NOLOGIN) so the baseline's OWNER TO / GRANT apply`,
          parsed,
          statement,
          name,
        ),
      );
    }
  }

  const skip = new Set<Statement>();
  const wanted = parsed.statements.flatMap((s) =>
    s.creates.filter((o) => o.kind === 'extension').map((o) => ({ name: o.name, statement: s })),
  );
  if (wanted.length > 0) {
    const lacked = await unavailableExtensions(
      client,
      wanted.map((w) => w.name),
    );
    const missing = new Set(lacked.map((u) => u.name));
    for (const statement of parsed.statements) {
      const names = [...statement.creates, ...statement.references.map((r) => r.object)].filter(
        (o) => o.kind === 'extension' && missing.has(o.name),
      );
      const commented = commentedExtension(statement);
      if (names.length > 0 || (commented !== undefined && missing.has(commented))) skip.add(statement);
    }
    for (const { name, statement } of wanted.filter((w) => missing.has(w.name))) {
      findings.push({
        ...info(
          'baseline-extension-missing',
          `extension ${name} is not available on this server: skipped it; objects of the baseline that need it will fail`,
          parsed,
          statement,
          name,
        ),
        severity: 'warning',
        hint: unavailableHint(name, lacked[0]!.major),
      });
    }
  }
  return { skip, findings };
}

/** The named extensions this server cannot install, each with the server's major version. */
export async function unavailableExtensions(
  client: pg.Client,
  names: string[],
): Promise<{ name: string; major: number }[]> {
  const { rows } = await client.query<{ name: string; major: number }>(gateSql('unavailable-extensions.sql'), [names]);
  return rows;
}

/**
 * The extension of `COMMENT ON EXTENSION x IS …`, which pg_dump writes after
 * most CREATE EXTENSION lines and in which the parser reports no reference.
 */
function commentedExtension(statement: Statement): string | undefined {
  if (statement.kind !== 'CommentStmt') return undefined;
  const match = /^COMMENT\s+ON\s+EXTENSION\s+(?:"((?:[^"]|"")+)"|([^\s"]+))\s+IS\b/i.exec(statement.sql);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!.toLowerCase();
}

function info(rule: RuleId, message: string, parsed: ParsedSql, statement: Statement, object: string): Finding {
  return {
    severity: 'info',
    rule,
    message,
    object,
    file: parsed.file,
    line: statement.start.line,
    column: statement.start.column,
    task: 'readiness',
  };
}
