/**
 * Turns what the server reports between two statements (sql/observe/) into
 * observations: which lock modes each statement added on relations that
 * existed before the migration, which tables got a new file, which were read
 * in full. Locks only grow inside a transaction and statistics only grow, so
 * each statement is the difference from what was known before it.
 */
import type pg from 'pg';
import type { Statement } from '../migrations/model.js';
import { gateSql } from '../sql-files.js';
import { lockModeOf, type LockMode } from './locks.js';
import {
  qualifiedName,
  withCarried,
  type Observation,
  type Relation,
  type Scan,
  type Trace,
  type Truncation,
} from './model.js';

/** One row of sql/observe/locks.sql. */
export interface LocksRow {
  started: number;
  ended: number;
  /** [oid, pg_locks mode, file node, scans, rows read, rows changed] per lock. */
  locks: [number, string, number | null, number, number, number][] | null;
}

interface Counters {
  scans: number;
  rowsRead: number;
  rowsChanged: number;
}

const ZERO: Counters = { scans: 0, rowsRead: 0, rowsChanged: 0 };

interface Seen {
  oid: number;
  filenode: number | null;
  counters: Counters;
}

/** Statements that give a table a new, empty file: no rows are copied. */
const EMPTIES = new Set(['TruncateStmt']);

export const RELATIONS_SQL = (): string => gateSql('observe/relations.sql');

/** A row of sql/observe/relations.sql. */
export type RelationRow = Omit<Relation, 'oid' | 'filenode'> & {
  oid: string;
  filenode: string;
  pid: number;
  scans: string;
  rows_read: string;
  rows_changed: string;
  estimated_pages: string;
  /** Pages on disk, where an estimate exists. */
  pages: string | null;
};

/**
 * A scratch server's tables hold test data: an estimate made on those rows
 * (by a fixture's ANALYZE, an index built after them) says nothing of
 * production and counts as no estimate. Statistics restored from production
 * with the baseline describe more pages than the table has here, and count.
 */
function productionEstimate(row: RelationRow, scratch: boolean): number {
  if (!scratch || row.reltuples < 0) return row.reltuples;
  return row.pages !== null && Number(row.estimated_pages) > Number(row.pages) ? row.reltuples : -1;
}

export class Recorder {
  readonly observations: Observation[] = [];
  readonly truncations: Truncation[] = [];
  private readonly filenodes = new Map<number, number>();
  /** Last known statistics of each relation. */
  private readonly counters = new Map<number, Counters>();
  /** Modes held on each relation in the current transaction. */
  private held = new Map<number, Set<LockMode>>();

  private readonly byOid = new Map<number, Relation>();
  private look: string | undefined;
  /** What looks after statements committed together saw, for the next statement recorded (carry). */
  private carried: Observation[] = [];

  private constructor(
    rows: RelationRow[],
    /** The backend the migration runs in. */
    readonly pid: number,
    scratch: boolean,
  ) {
    for (const row of rows) {
      const { oid, schema, name, kind, filenode } = row;
      const reltuples = productionEstimate(row, scratch);
      const relation = { oid: Number(oid), schema, name, kind, filenode: Number(filenode), reltuples };
      this.byOid.set(relation.oid, relation);
      this.filenodes.set(relation.oid, relation.filenode);
      const counters = {
        scans: Number(row.scans),
        rowsRead: Number(row.rows_read),
        rowsChanged: Number(row.rows_changed),
      };
      this.counters.set(relation.oid, counters);
    }
  }

  /** sql/observe/locks.sql for the relations that existed before: their OIDs, integers, written into it. */
  get locksSql(): string {
    this.look ??= gateSql('observe/locks.sql').replace(
      ':relations',
      `'{${[...this.byOid.keys()].map((oid) => Math.trunc(oid)).join(',')}}'`,
    );
    return this.look;
  }

  /** Reads the relations that exist before the migration runs; `scratch`: a server the gate built, of test data. */
  static async start(client: pg.Client, scratch: boolean): Promise<Recorder> {
    const { rows } = await client.query<RelationRow>(RELATIONS_SQL());
    const pid = rows[0]?.pid ?? (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    return new Recorder(rows, pid, scratch);
  }

  get relations(): Map<string, Relation> {
    return new Map([...this.byOid.values()].map((r) => [qualifiedName(r), r]));
  }

  /** Tables (plain or partitioned) that existed before. */
  tableOids(): number[] {
    return [...this.byOid.values()].filter((r) => r.kind === 'r' || r.kind === 'p').map((r) => r.oid);
  }

  /** Whether any relation existed before: with none, there is nothing to trace. */
  get empty(): boolean {
    return this.byOid.size === 0;
  }

  /** A transaction began; `locks` are held already (the run's own transaction on a database the gate must not change). */
  began(locks?: LocksRow): void {
    this.held = new Map();
    for (const [oid, mode] of locks?.locks ?? []) this.hold(oid, mode);
  }

  /**
   * The statement ran and its transaction is still open: `row` is what the
   * session holds now. What looks carried since the last statement recorded
   * is added to its observation.
   */
  record(statement: Statement, row: LocksRow): Observation {
    const own = this.observe(statement, row);
    const carried = this.carried;
    this.carried = [];
    return this.add(carried.length > 0 ? withCarried(own, carried) : own);
  }

  /**
   * Statements that ran in a transaction of their own, committed, with `row`
   * read before the commit (the middle of a run of INSERTs, src/observe/runs.ts):
   * what it shows goes to the next statement recorded, or to `statement`, the
   * last of them, if none follows (settle).
   */
  carry(statement: Statement, row: LocksRow): void {
    this.began();
    this.carried.push(this.observe(statement, row));
  }

  /** What was carried and went to no statement (the run failed before its last): the last carrier's own. */
  settle(): void {
    const carried = this.carried;
    this.carried = [];
    if (carried.length > 0) this.add(withCarried(carried.at(-1)!, carried.slice(0, -1)));
  }

  private observe(statement: Statement, row: LocksRow): Observation {
    const taken = new Map<string, LockMode[]>();
    const seen: Seen[] = [];
    for (const [oid, mode, filenode, scans, rowsRead, rowsChanged] of row.locks ?? []) {
      const relation = this.byOid.get(oid);
      if (!relation) continue;
      const lock = this.hold(oid, mode);
      const name = qualifiedName(relation);
      if (lock) taken.set(name, [...(taken.get(name) ?? []), lock]);
      seen.push({ oid, filenode, counters: { scans, rowsRead, rowsChanged } });
    }
    return {
      statement,
      startedAt: row.started * 1000,
      endedAt: row.ended * 1000,
      taken: [...taken].map(([relation, modes]) => ({ relation, modes })),
      ...this.changes(statement, seen),
    };
  }

  /**
   * A statement that ran outside a transaction is over: `locks` are those the
   * side connection saw while it waited, `rows` (sql/observe/relations.sql)
   * tell what it rewrote or read.
   */
  recordAfter(
    statement: Statement,
    times: { startedAt: number; endedAt: number },
    locks: [number, string][],
    rows: RelationRow[],
  ): void {
    const taken = new Map<string, LockMode[]>();
    for (const [oid, pgMode] of locks) {
      const relation = this.byOid.get(oid);
      const mode = lockModeOf(pgMode);
      if (!relation || !mode) continue;
      const name = qualifiedName(relation);
      if (!taken.get(name)?.includes(mode)) taken.set(name, [...(taken.get(name) ?? []), mode]);
    }
    const seen = rows.map((r): Seen => ({
      oid: Number(r.oid),
      filenode: Number(r.filenode),
      counters: { scans: Number(r.scans), rowsRead: Number(r.rows_read), rowsChanged: Number(r.rows_changed) },
    }));
    const changes = this.changes(statement, seen);
    if (taken.size === 0 && changes.rewritten.length === 0 && changes.scanned.length === 0) return;
    this.add({ statement, ...times, taken: [...taken].map(([relation, modes]) => ({ relation, modes })), ...changes });
  }

  /** Tables given a new file and tables read, from what was last known of them. */
  private changes(statement: Statement, seen: Seen[]): Pick<Observation, 'rewritten' | 'scanned'> {
    const rewritten: string[] = [];
    const scanned: Scan[] = [];
    for (const { oid, filenode, counters } of seen) {
      const relation = this.byOid.get(oid);
      if (!relation) continue;
      const name = qualifiedName(relation);
      if (filenode !== null && filenode !== this.filenodes.get(oid)) {
        this.filenodes.set(oid, filenode);
        if (!EMPTIES.has(statement.kind) && ['r', 'm'].includes(relation.kind)) rewritten.push(name);
      }
      const before = this.counters.get(oid) ?? ZERO;
      this.counters.set(oid, counters);
      const scans = counters.scans - before.scans;
      if (scans > 0) {
        const rowsRead = counters.rowsRead - before.rowsRead;
        scanned.push({ relation: name, scans, rowsRead, rowsChanged: counters.rowsChanged - before.rowsChanged });
      }
    }
    return { rewritten, scanned };
  }

  /** The statement ran where its locks could not be read. */
  unobserved(statement: Statement, startedAt: number, endedAt: number, why: string): Observation {
    return this.add({ statement, startedAt, endedAt, taken: [], rewritten: [], scanned: [], unobserved: why });
  }

  /** A NOTICE `identifier "…" will be truncated to "…"`. */
  truncated(message: string): void {
    const match = /^identifier "(.+)" will be truncated to "(.+)"$/.exec(message);
    if (match && !this.truncations.some((t) => t.identifier === match[1])) {
      this.truncations.push({ identifier: match[1]!, truncatedTo: match[2]! });
    }
  }

  trace(): Trace {
    return { relations: this.relations, observations: this.observations, truncations: this.truncations };
  }

  private add(observation: Observation): Observation {
    this.observations.push(observation);
    return observation;
  }

  /** Marks the mode held; returns it when it is new in this transaction. */
  private hold(oid: number, pgMode: string): LockMode | undefined {
    const mode = lockModeOf(pgMode);
    if (!mode) return undefined;
    const modes = this.held.get(oid) ?? new Set<LockMode>();
    this.held.set(oid, modes);
    if (modes.has(mode)) return undefined;
    modes.add(mode);
    return mode;
  }
}
