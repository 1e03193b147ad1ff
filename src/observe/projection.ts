/**
 * From the test data to production: how many rows a table holds there (the
 * user's `table_sizes:`, else the planner's estimate pg_class.reltuples —
 * real on a production database or a dump that carries statistics, absent on
 * a fresh server) and, from that, for how long a statement would block
 * traffic, in words. The rates are deliberately round: the point is seconds
 * against minutes, not a forecast.
 */
import type { Relation } from './model.js';

export interface Projection {
  rows: number;
  from: 'table_sizes' | 'estimate';
}

/** `table_sizes:` in migration-gate.yml: `schema.table` or `table` → rows. */
export type TableSizes = Record<string, number>;

export function project(relation: Relation, sizes: TableSizes): Projection | undefined {
  const declared = sizes[`${relation.schema}.${relation.name}`] ?? sizes[relation.name];
  if (declared !== undefined) return { rows: declared, from: 'table_sizes' };
  // reltuples is -1 until the table is first vacuumed or analysed.
  if (relation.reltuples >= 0) return { rows: Math.round(relation.reltuples), from: 'estimate' };
  return undefined;
}

/** What a statement does to the rows of a table while it holds its lock. */
export type Work = 'rewrite' | 'index' | 'validate' | 'scan' | 'lock';

/** Rows per second: copying a table or building an index writes every row; a check only reads it. */
const RATES: Record<Exclude<Work, 'lock'>, number> = {
  rewrite: 100_000,
  index: 100_000,
  validate: 100_000,
  scan: 1_000_000,
};

/** Seconds the work takes on `rows` rows, roughly. */
export function seconds(work: Work, rows: number): number {
  return work === 'lock' ? 0 : rows / RATES[work];
}

export function durationWords(secondsTaken: number): string {
  if (secondsTaken < 1) return 'under a second';
  if (secondsTaken < 60) return 'seconds';
  if (secondsTaken < 3_600) return 'minutes';
  return 'hours';
}

/** 12_000_000 → `12 M`, 4_500 → `4.5 k`. */
export function formatRows(rows: number): string {
  const scaled = (value: number, unit: string): string => `${Number(value.toPrecision(2))} ${unit}`;
  if (rows >= 1e9) return scaled(rows / 1e9, 'G');
  if (rows >= 1e6) return scaled(rows / 1e6, 'M');
  if (rows >= 1e3) return scaled(rows / 1e3, 'k');
  return String(rows);
}

export function sizeWords(projection: Projection | undefined): string {
  if (!projection) return 'size unknown';
  const rows = `≈ ${formatRows(projection.rows)} ${projection.rows === 1 ? 'row' : 'rows'}`;
  return projection.from === 'table_sizes' ? `${rows}, table_sizes` : rows;
}
