/**
 * What tracing saw while the target applied, before any judgement: for each
 * statement, the locks it took on relations that existed before the
 * migration, the tables it rewrote and those it read in full. The rules and
 * the reports work from these values; only src/observe/ reads the server.
 */
import type { Statement } from '../migrations/model.js';
import type { LockMode } from './locks.js';

/** A relation that existed before the migration. */
export interface Relation {
  oid: number;
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned, m materialized view, v view, f foreign. */
  kind: string;
  filenode: number;
  /** pg_class.reltuples before the migration; negative when never analysed. */
  reltuples: number;
}

export interface RelationLocks {
  /** `schema.name`. */
  relation: string;
  modes: LockMode[];
}

export interface Scan {
  relation: string;
  /** Sequential scans started (a constraint's validation, a rewrite, a query without an index). */
  scans: number;
  /** Rows those scans read. */
  rowsRead: number;
  /** Rows updated or deleted. */
  rowsChanged: number;
}

export interface Observation {
  statement: Statement;
  /** Server clock, epoch milliseconds: when the statement began and when it was done. */
  startedAt: number;
  endedAt: number;
  /** Lock modes it acquired on pre-existing relations (modes its transaction already held are not repeated). */
  taken: RelationLocks[];
  /** Tables that got a new file: their rows were copied (TRUNCATE aside). */
  rewritten: string[];
  /** Tables it read with sequential scans. */
  scanned: Scan[];
  /** Set when the gate could not read the locks between this statement and the next, and why. */
  unobserved?: string;
}

/** An identifier longer than 63 bytes, which PostgreSQL silently cut. */
export interface Truncation {
  identifier: string;
  truncatedTo: string;
}

export interface Trace {
  /** Every relation that existed before the migration, by `schema.name`. */
  relations: Map<string, Relation>;
  observations: Observation[];
  truncations: Truncation[];
}

export function qualifiedName(relation: Pick<Relation, 'schema' | 'name'>): string {
  return `${relation.schema}.${relation.name}`;
}
