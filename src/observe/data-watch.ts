/**
 * Data preservation around the target, on one server: rows generated into
 * the empty existing tables (`fixtures: generate`, after the user's
 * fixtures, before the target), then the tables read before the target,
 * after it, and after the down round trip. The pipeline calls it at those
 * moments; what the readings mean is decided in src/rules/data-*.ts.
 */
import type pg from 'pg';
import type { RollbackRun } from '../apply/rollback.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { generateRows, type Generation } from '../fixtures/generate.js';
import type { ParsedSql } from '../migrations/model.js';
import type { Progress } from '../progress.js';
import type { DataMoments } from '../rules/data-loss.js';
import { judgeData, type DataJudgement } from '../rules/data-preservation.js';
import { gateSql } from '../sql-files.js';
import { countTables, type CountedTable, type TableCount, type TableCounts } from './table-data.js';
import { readColumns, type Retyped } from './converted-values.js';

export interface DataWatchOptions {
  /** `fixtures: generate`. */
  generate: boolean;
  tenantColumn: string;
  /** The gate may change this database: rows are generated, counted and hashed (else estimated, nothing written). */
  exact: boolean;
  progress?: Progress;
}

/** The existing tables as listed and read beside the snapshot before. */
export interface CountedAhead {
  tables: CountedTable[];
  counts: TableCounts;
}

export class DataWatch {
  readonly moments: DataMoments;

  private constructor(
    private readonly client: pg.Client,
    private readonly tables: CountedTable[],
    private readonly options: DataWatchOptions,
    readonly generation: Generation | undefined,
    before: TableCounts,
    /** The counts read beside the snapshot before are the ones kept: no table was read since. */
    readonly keptAhead = false,
  ) {
    this.moments = { before };
  }

  /**
   * The existing tables read before the target while the snapshot before is
   * still being read, where they are all read and no rows are generated
   * first: `start` keeps these counts when the snapshot lists the same
   * tables and columns (it always has: nothing runs in between), else reads
   * them again.
   */
  static async countAhead(client: pg.Client, options: DataWatchOptions): Promise<CountedAhead | undefined> {
    if (!options.exact || options.generate) return undefined;
    const tables = (await client.query<CountedTable>(gateSql('data/existing-tables.sql'))).rows;
    const counts = await step(options, 'count rows before', () => countTables(client, tables, 'all', false));
    return { tables, counts };
  }

  /** Generates rows where asked and allowed, then reads the existing tables: call it right before the target. */
  static async start(
    client: pg.Client,
    before: CatalogSnapshot,
    options: DataWatchOptions,
    ahead?: CountedAhead,
    /** Columns the target converts to another type without USING: their values are read too. */
    retyped: Retyped[] = [],
  ): Promise<DataWatch> {
    const watch = await DataWatch.counted(client, before, options, ahead);
    if (options.exact && retyped.length > 0)
      watch.moments.conversions = { retyped, before: await readColumns(client, retyped, 'before', false) };
    return watch;
  }

  private static async counted(
    client: pg.Client,
    before: CatalogSnapshot,
    options: DataWatchOptions,
    ahead?: CountedAhead,
  ): Promise<DataWatch> {
    const tables = existingTables(before, options.exact);
    if (ahead && sameTables(ahead.tables, tables))
      return new DataWatch(client, tables, options, undefined, ahead.counts, true);
    const generate = options.generate && options.exact && tables.length > 0;
    const generation = generate
      ? await step(options, 'generate rows', () =>
          generateRows(client, before, tables, { tenantColumn: options.tenantColumn, inTransaction: false }),
        )
      : undefined;
    const counts = await step(options, 'count rows before', () =>
      countTables(client, tables, options.exact ? 'all' : () => false, !options.exact),
    );
    return new DataWatch(client, tables, options, generation, counts);
  }

  async afterTarget(): Promise<void> {
    const before = this.moments.before;
    // On a database the gate must not change, only tables the migration itself locked to write are read.
    const touched = (t: CountedTable, now: TableCount): boolean => {
      const was = before.get(`${t.schema}.${t.name}`);
      return was !== undefined && (was.filenode !== now.filenode || now.counters.deleted > was.counters.deleted);
    };
    this.moments.after = await step(this.options, 'count rows after', () =>
      countTables(this.client, this.tables, this.options.exact ? 'all' : touched, !this.options.exact),
    );
    const conversions = this.moments.conversions;
    if (conversions) conversions.after = await readColumns(this.client, conversions.retyped, 'after', false);
  }

  /** After up → down → up; nothing to read when the down or the second up failed. */
  async afterRoundTrip(run: RollbackRun): Promise<void> {
    if (run.status !== 'done' || run.reapply.status !== 'applied') return;
    this.moments.afterRoundTrip = await step(this.options, 'count rows after round trip', () =>
      countTables(this.client, this.tables, this.options.exact ? 'all' : () => false, !this.options.exact),
    );
  }

  /** `roundTrip`: the moments of the scratch server, when the round trip ran there. */
  judge(
    input: { target: ParsedSql; down?: ParsedSql; before: CatalogSnapshot; searchPath: string[] },
    roundTrip?: DataMoments,
  ): DataJudgement {
    const notes: string[] = [];
    if (this.options.generate && !this.options.exact) {
      notes.push(
        'fixtures: generate writes nothing to a database the gate must not change: rows were generated only where the round trip ran',
      );
    }
    if (roundTrip?.afterRoundTrip) {
      const rows = this.options.generate ? 'the fixtures and generated rows' : 'the fixtures';
      notes.push(`the round trip (up, down, up) ran on the scratch server that builds the history, with ${rows}`);
    }
    const trip = roundTrip ?? (this.moments.afterRoundTrip ? this.moments : undefined);
    return judgeData(
      {
        exact: this.options.exact,
        target: input.target,
        ...(input.down ? { down: input.down } : {}),
        beforeSnapshot: input.before,
        searchPath: input.searchPath,
        here: this.moments,
        generated: new Set(this.generation?.filled.map((f) => f.table)),
        ...(trip ? { roundTrip: trip } : {}),
      },
      { ...(this.generation ? { generation: this.generation } : {}), generate: this.options.generate, notes },
    );
  }
}

/**
 * Counted: tables and partitioned tables, partitions through their parent.
 * Estimated: the planner and the row counters know leaf tables only.
 */
function existingTables(snapshot: CatalogSnapshot, exact: boolean): CountedTable[] {
  return snapshot.tables
    .filter((t) => (exact ? (t.kind === 'table' || t.kind === 'partitioned') && !t.partitionOf : t.kind === 'table'))
    .map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.map((c) => c.name) }));
}

function sameTables(counted: CountedTable[], listed: CountedTable[]): boolean {
  const columns = new Map(counted.map((t) => [JSON.stringify([t.schema, t.name]), t.columns.join('\0')]));
  return (
    counted.length === listed.length &&
    listed.every((t) => columns.get(JSON.stringify([t.schema, t.name])) === t.columns.join('\0'))
  );
}

function step<T>(options: DataWatchOptions, name: string, run: () => Promise<T>): Promise<T> {
  return options.progress ? options.progress.step(name, run) : run();
}
