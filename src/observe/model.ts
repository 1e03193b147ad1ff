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

/**
 * `own` with what `carried` saw besides: every mode each took, every table
 * rewritten, the scans added up. The timing stays `own`'s: each of the
 * carried statements held its locks for its own time, in its own transaction.
 */
export function withCarried(own: Observation, carried: Observation[]): Observation {
  const taken = new Map<string, LockMode[]>();
  const rewritten = new Set<string>();
  const scanned = new Map<string, Scan>();
  for (const o of [...carried, own]) {
    for (const { relation, modes } of o.taken) {
      const known = taken.get(relation) ?? [];
      taken.set(relation, [...known, ...modes.filter((mode) => !known.includes(mode))]);
    }
    for (const relation of o.rewritten) rewritten.add(relation);
    for (const scan of o.scanned) {
      const known = scanned.get(scan.relation);
      scanned.set(
        scan.relation,
        known
          ? {
              relation: scan.relation,
              scans: known.scans + scan.scans,
              rowsRead: known.rowsRead + scan.rowsRead,
              rowsChanged: known.rowsChanged + scan.rowsChanged,
            }
          : scan,
      );
    }
  }
  return {
    ...own,
    taken: [...taken].map(([relation, modes]) => ({ relation, modes })),
    rewritten: [...rewritten],
    scanned: [...scanned.values()],
  };
}
