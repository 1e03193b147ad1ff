/**
 * What the migration did to rows that were there before it: the counts and
 * hashes read before and after decide (what the server did), the statements
 * only say which one did it and whether it chose its rows. A DELETE with a
 * WHERE that keeps some rows, an UPDATE that backfills a column the
 * migration added or computes a column from others, are what migrations do;
 * emptying a table, or overwriting a column of every row with a constant, is
 * what they must not do unnoticed.
 */
import type { CatalogSnapshot } from '../catalog/model.js';
import { dataStatements, type DataStatement } from '../migrations/data-statements.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { show, type Qualified } from '../migrations/names.js';
import type { TableCounts } from '../observe/table-data.js';
import type { Conversions } from '../observe/converted-values.js';
import { comparable, rowChange, rowsGone } from './row-change.js';
import type { Finding } from '../types.js';

/** The counts of one server: before the target, after it, after the down and the target again. */
export interface DataMoments {
  before: TableCounts;
  after?: TableCounts;
  afterRoundTrip?: TableCounts;
  /** Columns the target converts without USING: their values before, and after read back as the old type. */
  conversions?: Conversions;
}

export interface DataEvidence {
  /** Counted and hashed (a database the gate may change), or estimated. */
  exact: boolean;
  target: ParsedSql;
  down?: ParsedSql;
  /** The schema before the migration: its foreign keys explain cascades. */
  beforeSnapshot: CatalogSnapshot;
  searchPath: string[];
  here: DataMoments;
  /**
   * Tables whose rows the generator wrote: their dates and values are
   * guesses, so a DELETE that chose them with a WHERE proves nothing.
   */
  generated?: ReadonlySet<string>;
  /** Where the down round trip ran: `here`, or the scratch server that built the history. */
  roundTrip?: DataMoments;
}

/** `mass-delete` and `mass-update`, one per table, on the statement that did it. */
export function lossFindings(evidence: DataEvidence): Finding[] {
  const { here, target } = evidence;
  if (!here.after) return [];
  const statements = resolvedStatements(evidence, target);
  const findings: Finding[] = [];
  for (const [name, before] of here.before) {
    const after = here.after.get(name);
    const change = after && rowChange(before, after, evidence.exact);
    if (!change || change.before === 0) continue;
    const on = statements.filter((s) => s.names.includes(name));
    const blind = on.find((s) => s.kind === 'truncate' || (s.kind === 'delete' && !s.filtered));
    const lost = change.before - change.after;
    const n = (v: number): string => `${change.approximate ? '≈ ' : ''}${v}`;
    const guessed = evidence.generated?.has(name) && !blind;
    if ((change.after === 0 && !guessed) || (lost > change.before / 2 && blind)) {
      const cause = blind ?? on.find((s) => s.kind !== 'update') ?? cascadeFrom(evidence, statements, name);
      const via =
        cause && !cause.names.includes(name) ? ` through ON DELETE CASCADE from ${show(split(cause.names[0]!))}` : '';
      const what =
        change.after === 0
          ? change.before === 1
            ? 'the 1 row'
            : `all ${n(change.before)} rows`
          : `${n(lost)} of ${n(change.before)} rows`;
      findings.push({
        ...at(target, cause?.statement),
        severity: 'error',
        rule: 'mass-delete',
        message: `${what} of ${show(split(name))} deleted${via} (${n(change.before)} → ${change.after} rows)`,
        object: show(split(name)),
        impact: 'The rows are gone in production as soon as the migration commits; a rollback does not bring them back',
        hint: `delete only the rows meant (a WHERE); if emptying ${show(split(name))} is the intent, say so above the statement: -- migration-gate:ignore mass-delete <why>`,
      });
      continue;
    }
    const columns = new Set(
      evidence.beforeSnapshot.tables.find((t) => `${t.schema}.${t.name}` === name)?.columns.map((c) => c.name),
    );
    const overwrite = on.find((s) => s.kind === 'update' && !s.filtered && s.overwrites.some((c) => columns.has(c)));
    if (overwrite && change.changed > change.before / 2) {
      const set = overwrite.overwrites.filter((c) => columns.has(c)).join(', ');
      findings.push({
        ...at(target, overwrite.statement),
        severity: 'warning',
        rule: 'mass-update',
        message: `UPDATE without WHERE overwrote ${set} in ${n(change.changed)} of ${n(change.before)} rows of ${show(split(name))} with a value that reads no column`,
        object: show(split(name)),
      });
    }
  }
  return findings;
}

/** `rollback-loses-data`: up → down → up left a table with fewer rows, or other values, than up alone. */
export function roundTripFindings(evidence: DataEvidence): Finding[] {
  const trip = evidence.roundTrip;
  if (!trip?.after || !trip.afterRoundTrip) return [];
  const file = evidence.down ?? evidence.target;
  const statements = evidence.down ? resolvedStatements(evidence, evidence.down) : [];
  const findings: Finding[] = [];
  for (const [name, up] of trip.after) {
    const again = trip.afterRoundTrip.get(name);
    const before = trip.before.get(name);
    if (!again || !before || up.rows === undefined || again.rows === undefined || up.capped) continue;
    const table = show(split(name));
    const cause = statements.find((s) => s.names.includes(name))?.statement ?? dropOf(evidence, name);
    if (again.rows < up.rows) {
      findings.push({
        ...at(file, cause, 'rollback'),
        severity: 'error',
        rule: 'rollback-loses-data',
        message: `after the down migration and the migration again, ${table} has ${again.rows} of the ${up.rows} rows it had after the migration`,
        object: table,
        impact: 'Rolling this migration back in production deletes rows that were there before it',
      });
    } else if (again.rows === up.rows && comparable(up, again) && comparable(before, up)) {
      const changed = rowsGone(up.hashes!, again.hashes!);
      // Only where the migration itself left the rows alone: a volatile backfill differs on every run.
      if (changed > 0 && rowsGone(before.hashes!, up.hashes!) === 0 && before.hashes!.length === up.hashes!.length) {
        findings.push({
          ...at(file, cause, 'rollback'),
          severity: 'warning',
          rule: 'rollback-loses-data',
          message: `after the down migration and the migration again, ${changed} of the ${up.rows} rows of ${table} have other values (the migration alone left them unchanged)`,
          object: table,
        });
      }
    }
  }
  return findings;
}

export interface ResolvedStatement extends DataStatement {
  /** The tables, as `schema.name`. */
  names: string[];
}

export function resolvedStatements(evidence: DataEvidence, file: ParsedSql): ResolvedStatement[] {
  return dataStatements(file).map((s) => ({ ...s, names: s.tables.map((t) => resolveTable(evidence, t)) }));
}

/** An unqualified name means the first schema on the search path that has such a table before the migration. */
export function resolveTable(evidence: DataEvidence, name: { schema?: string; name: string }): string {
  if (name.schema !== undefined) return `${name.schema}.${name.name}`;
  const schema = evidence.searchPath.find((s) => evidence.here.before.has(`${s}.${name.name}`));
  return `${schema ?? evidence.searchPath[0] ?? 'public'}.${name.name}`;
}

/** A DELETE or TRUNCATE on a table this one references with ON DELETE CASCADE. */
function cascadeFrom(
  evidence: DataEvidence,
  statements: ResolvedStatement[],
  name: string,
): ResolvedStatement | undefined {
  const parents = evidence.beforeSnapshot.constraints
    .filter((c) => c.type === 'f' && `${c.schema}.${c.table}` === name && c.onDelete === 'CASCADE')
    .map((c) => (c.type === 'f' ? `${c.refTable.schema}.${c.refTable.name}` : ''));
  return statements.find((s) => s.kind !== 'update' && s.names.some((n) => parents.includes(n)));
}

function dropOf(evidence: DataEvidence, name: string): Statement | undefined {
  return evidence.down?.statements.find((s) =>
    s.drops.some((d) => d.kind === 'table' && resolveTable(evidence, d) === name),
  );
}

function at(
  file: ParsedSql,
  statement: Statement | undefined,
  task: Finding['task'] = 'readiness',
): Pick<Finding, 'file' | 'line' | 'column' | 'task'> {
  const place = statement ? { line: statement.start.line, column: statement.start.column } : {};
  return { file: file.file, ...place, task };
}

/** `schema.name` back into its parts (the schema is up to the first dot). */
export function split(name: string): Qualified {
  const dot = name.indexOf('.');
  return { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}
