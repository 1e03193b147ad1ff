/**
 * PL/pgSQL functions the migration created, checked without running them:
 * the tables and functions their SQL names must exist (in any schema: the
 * function's own search_path decides at run time, and a name found anywhere
 * is not judged), and in a trigger function the NEW./OLD. fields must be
 * columns of the tables it is attached to. A body that branches on the
 * trigger's table (TG_TABLE_NAME, TG_RELID, TG_ARGV) may name columns of
 * other tables: then only a warning.
 */
import type pg from 'pg';
import type { Table } from '../catalog/model.js';
import { show, type Qualified } from '../migrations/names.js';
import { created, resolve } from '../validators/common.js';
import { columnAt, functionBody, lineAt } from './function-lines.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding } from './place.js';
import type { ProbeScope } from './scope.js';

const FIELD = /\b(NEW|OLD)\s*\.\s*("[^"]+"|[A-Za-z_][\w$]*)/gi;
const CHECKED = new Set(['table', 'view', 'function']);
const BRANCHES_ON_TABLE = /\bTG_(TABLE_NAME|RELNAME|RELID|TABLE_SCHEMA|ARGV)\b/i;

export async function checkFunctionReferences(
  client: pg.Client,
  scope: ProbeScope,
  outcome: ProbeOutcome,
): Promise<void> {
  const { ctx } = scope;
  // The names a body refers to that the catalog can answer for: all of them in one query.
  const functions = created(ctx, 'function').flatMap((object) =>
    object.details?.kind === 'function' && object.details.body
      ? [
          {
            object,
            returnsTrigger: object.details.returnsTrigger,
            references: object.details.body.references.filter((r) => CHECKED.has(r.object.kind)),
          },
        ]
      : [],
  );
  const found = await existing(
    client,
    functions.flatMap((f) => f.references),
  );
  let next = 0;
  for (const { object, returnsTrigger, references } of functions) {
    const fn = resolve(ctx, object);
    const label = `${show(fn)}()`;
    const problems: string[] = [];
    for (const reference of references) {
      if (found[next++]) continue;
      const what =
        reference.object.kind === 'function'
          ? `function ${reference.object.name}()`
          : `relation ${reference.object.name}`;
      const message = `function ${label} names ${what}, which does not exist: it fails when that statement runs`;
      outcome.findings.push(
        probeFinding(ctx, 'triggers', 'warning', 'function-unresolved-reference', message, label, reference.position),
      );
      problems.push(what);
    }
    if (returnsTrigger) problems.push(...fieldProblems(scope, fn, label, outcome));
    record(
      outcome,
      'triggers',
      'function-references',
      label,
      problems.length > 0 ? 'warn' : 'pass',
      problems.length > 0
        ? `does not resolve: ${problems.join(', ')}`
        : 'every table, function and NEW/OLD column it names exists',
    );
  }
}

/** NEW.x and OLD.x that are no column of a table the trigger function is attached to. */
function fieldProblems(scope: ProbeScope, fn: Qualified, label: string, outcome: ProbeOutcome): string[] {
  const { ctx } = scope;
  const tables = ctx.after.triggers
    .filter((t) => t.function.schema === fn.schema && t.function.name === fn.name && !t.inherited)
    .map((t) => ctx.after.tables.find((r) => r.schema === t.schema && r.name === t.table))
    .filter((t): t is Table => t !== undefined);
  const body = functionBody(ctx, fn);
  if (!body || tables.length === 0) return [];
  const text = withoutStringsAndComments(body.text);
  const severity = BRANCHES_ON_TABLE.test(text) ? 'warning' : 'error';
  const problems: string[] = [];
  for (const match of text.matchAll(FIELD)) {
    const column = match[2]!.startsWith('"') ? match[2]!.slice(1, -1) : match[2]!.toLowerCase();
    const missing = tables.filter((t) => !t.columns.some((c) => c.name === column));
    if (missing.length === 0 || problems.includes(`${match[1]!.toUpperCase()}.${column}`)) continue;
    const offset = body.offset + match.index;
    const position = { line: lineAt(ctx.target, offset), column: columnAt(ctx.target, offset) };
    const message = `trigger function ${label} uses ${match[1]!.toUpperCase()}.${column}, but ${missing.map(show).join(', ')} has no column ${column}`;
    outcome.findings.push(probeFinding(ctx, 'triggers', severity, 'trigger-field-missing', message, label, position));
    problems.push(`${match[1]!.toUpperCase()}.${column}`);
  }
  return problems;
}

/**
 * Whether each name exists (a relation, or a function when `kind` says so) in
 * any schema or in the one given: all of them in one query, in their order.
 */
async function existing(
  client: pg.Client,
  references: { object: { kind: string; schema?: string; name: string } }[],
): Promise<boolean[]> {
  if (references.length === 0) return [];
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT CASE WHEN r.kind = 'function'
       THEN EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE p.proname = r.name AND (r.schema IS NULL OR n.nspname = r.schema))
       ELSE EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relname = r.name AND (r.schema IS NULL OR n.nspname = r.schema))
     END AS found
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(kind, name, schema, i)
     ORDER BY r.i`,
    [
      references.map((r) => r.object.kind),
      references.map((r) => r.object.name),
      references.map((r) => r.object.schema ?? null),
    ],
  );
  return rows.map((row) => row.found);
}

/** Blanks string literals and comments, keeping every offset. */
function withoutStringsAndComments(text: string): string {
  return text.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}
