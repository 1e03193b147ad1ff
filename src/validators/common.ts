import type { CatalogSnapshot, Table } from '../catalog/model.js';
import type { Count, Expectations } from '../config/schema.js';
import type { CreatedObject, ObjectKind, ParsedSql } from '../migrations/model.js';
import { parseQualified, same, type Qualified } from '../migrations/names.js';
import { survivingCreates, type Survivors } from '../migrations/survivors.js';
import type { DeclaredForeignKey } from '../migrations/foreign-keys.js';
import type { RuleId } from '../rules/catalogue.js';
import { TASK_TITLES, type Finding, type Severity, type TaskId, type TaskResult } from '../types.js';

/** Everything a validator may look at; validators are pure over it. */
export interface ValidationContext {
  target: ParsedSql;
  before: CatalogSnapshot;
  after: CatalogSnapshot;
  /** Declared in migration-gate.yml for this target; empty when none. */
  expected: Expectations;
  tenantColumn: string;
  /** The session's effective search_path when the migration ran (`current_schemas(false)`). */
  searchPath: string[];
  /** Schemas an HTTP API serves to its roles (PostgREST's; `public` on Supabase); empty when there is none. */
  exposedSchemas: string[];
  /** The server's major version: some safeguards exist only from a release on (security_invoker: 15). */
  postgresMajor: number;
}

/**
 * The schema an unqualified name means, as PostgreSQL resolved it: the first
 * schema of the search path that holds an object of that name after the
 * migration, else the creation schema (the first one).
 */
export function resolve(ctx: ValidationContext, name: { schema?: string; name: string }): Qualified {
  if (name.schema !== undefined) return { schema: name.schema, name: name.name };
  const schema = ctx.searchPath.find((s) => holds(ctx.after, s, name.name)) ?? ctx.searchPath[0] ?? 'public';
  return { schema, name: name.name };
}

/** A name from migration-gate.yml (`organization`, `auth.users_extended`), resolved like one in the migration. */
export function resolveKey(ctx: ValidationContext, key: string): Qualified {
  return key.includes('.') ? parseQualified(key) : resolve(ctx, { name: key });
}

function holds(snapshot: CatalogSnapshot, schema: string, name: string): boolean {
  const named = (o: { schema: string; name: string }): boolean => o.schema === schema && o.name === name;
  return (
    snapshot.tables.some(named) ||
    snapshot.indexes.some(named) ||
    snapshot.sequences.some(named) ||
    snapshot.functions.some(named) ||
    snapshot.enums.some(named) ||
    snapshot.types.some(named)
  );
}

export function findTable(snapshot: CatalogSnapshot, name: Qualified): Table | undefined {
  return snapshot.tables.find((t) => same(name, t));
}

/** A table holding the tenant column: its rows belong to tenants, and RLS must keep them apart. */
export function isTenantTable(table: Table, tenantColumn: string): boolean {
  return table.columns.some((c) => c.name === tenantColumn);
}

/** Objects of a kind the migration creates, in file order. */
export function created(ctx: ValidationContext, kind: ObjectKind): CreatedObject[] {
  return surviving(ctx).objects.filter((o) => o.kind === kind);
}

/** The foreign keys the migration declares (CREATE TABLE, ALTER TABLE … ADD), on the tables and columns as it left them. */
export function createdForeignKeys(ctx: ValidationContext): DeclaredForeignKey[] {
  return surviving(ctx).foreignKeys;
}

const survivors = new WeakMap<ParsedSql, Map<string, Survivors>>();

/** What the migration created and did not drop again, under the names it left them (src/migrations/survivors.ts). */
function surviving(ctx: ValidationContext): Survivors {
  const schema = ctx.searchPath[0] ?? 'public';
  let bySchema = survivors.get(ctx.target);
  if (!bySchema) survivors.set(ctx.target, (bySchema = new Map()));
  let found = bySchema.get(schema);
  if (!found) bySchema.set(schema, (found = survivingCreates(ctx.target.statements, schema)));
  return found;
}

export function countMatches(count: Count, actual: number): boolean {
  if (typeof count === 'number') return actual === count;
  return (count.min === undefined || actual >= count.min) && (count.max === undefined || actual <= count.max);
}

export function describeCount(count: Count): string {
  if (typeof count === 'number') return String(count);
  if (count.min !== undefined && count.max !== undefined) return `${count.min}–${count.max}`;
  return count.min !== undefined ? `at least ${count.min}` : `at most ${count.max}`;
}

/** A finding of this task, placed on the statement that creates (or should create) the object. */
export function finding(
  task: TaskId,
  severity: Severity,
  rule: RuleId,
  message: string,
  ctx: ValidationContext,
  object?: string,
  at?: Pick<CreatedObject, 'position'>,
): Finding {
  return {
    severity,
    rule,
    message,
    ...(object ? { object } : {}),
    file: ctx.target.file,
    ...(at ? { line: at.position.line, column: at.position.column } : {}),
    task,
  };
}

/** FAIL on any error, WARN on any warning, else PASS with the summary of what was verified. */
export function taskResult(id: TaskId, findings: Finding[], passSummary: string): TaskResult {
  const failing = findings.filter((f) => f.severity === 'error' || f.severity === 'critical');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const status = failing.length > 0 ? 'FAIL' : warnings.length > 0 ? 'WARN' : 'PASS';
  const first = failing[0] ?? warnings[0];
  const summary =
    status === 'PASS'
      ? passSummary
      : `${first!.message}${failing.length + warnings.length > 1 ? ` (+${failing.length + warnings.length - 1} more)` : ''}`;
  return { id, title: TASK_TITLES[id], status, summary, findings };
}

/** The created object a configured name refers to, for its position. */
export function createdNamed(ctx: ValidationContext, kind: ObjectKind, name: Qualified): CreatedObject | undefined {
  return created(ctx, kind).find((o) => same(name, resolve(ctx, o)));
}
