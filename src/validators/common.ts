import type { CatalogSnapshot, Table } from '../catalog/model.js';
import type { Count, Expectations } from '../config/schema.js';
import type { CreatedObject, ObjectKind, ParsedSql } from '../migrations/model.js';
import { TASK_TITLES, type Finding, type Severity, type TaskId, type TaskResult } from '../types.js';

/** Everything a validator may look at; validators are pure over it. */
export interface ValidationContext {
  target: ParsedSql;
  before: CatalogSnapshot;
  after: CatalogSnapshot;
  /** Declared in migration-gate.yml for this target; empty when none. */
  expected: Expectations;
  tenantColumn: string;
}

export interface Qualified {
  schema: string;
  name: string;
}

/** Unqualified names in a migration land in `public` (the default search_path). */
export function qualify(name: { schema?: string; name: string }): Qualified {
  return { schema: name.schema ?? 'public', name: name.name };
}

/** `organization` or `auth.users_extended` from configuration. */
export function parseQualified(text: string): Qualified {
  const dot = text.lastIndexOf('.');
  return dot === -1 ? { schema: 'public', name: text } : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

export function show(name: Qualified): string {
  return name.schema === 'public' ? name.name : `${name.schema}.${name.name}`;
}

export function same(a: Qualified, b: { schema: string; name: string }): boolean {
  return a.schema === b.schema && a.name === b.name;
}

export function findTable(snapshot: CatalogSnapshot, name: Qualified): Table | undefined {
  return snapshot.tables.find((t) => same(name, t));
}

/** Objects of a kind the migration creates, in file order. */
export function created(ctx: ValidationContext, kind: ObjectKind): CreatedObject[] {
  return ctx.target.statements.flatMap((s) => s.creates.filter((o) => o.kind === kind));
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
  rule: string,
  message: string,
  ctx: ValidationContext,
  object?: string,
  at?: CreatedObject,
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
  return created(ctx, kind).find((o) => same(name, qualify(o)));
}
