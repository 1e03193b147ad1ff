/**
 * Synthetic repositories for the benchmark: a production-size baseline, long
 * histories, a wide table. Each is written to a temporary directory with a
 * migration-gate.yml, and lists the files a bare script would send for the
 * same physical work.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Size } from './growth.js';

export interface Scenario {
  name: string;
  /** Repository root (holds migration-gate.yml). */
  dir: string;
  /** In the order the gate applies them: baseline, earlier migrations, target, then down and target again. */
  bareFiles: string[];
  runs: number;
  /** The scenario's size, for growth against the same family at another size (bench/growth.ts). */
  size?: Size;
}

function repo(name: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `mg-bench-${name}-`));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const TARGET = `ALTER TABLE t1 ADD COLUMN note text;
CREATE TABLE audit_entry (id bigserial PRIMARY KEY, t1_id bigint NOT NULL REFERENCES t1 (id) ON DELETE CASCADE, at timestamptz NOT NULL DEFAULT now());
CREATE INDEX audit_entry_t1_id_idx ON audit_entry (t1_id);
`;
const DOWN = 'DROP TABLE audit_entry;\nALTER TABLE t1 DROP COLUMN note;\n';

function table(i: number): string {
  return `CREATE TABLE t${i} (id bigserial PRIMARY KEY, org_id integer NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX t${i}_org_id_idx ON t${i} (org_id);
`;
}

/** A baseline of `count` tables (pg_dump-like size), one migration on it. */
export function baselineOf(count: number, runs: number): Scenario {
  const baseline = Array.from({ length: count }, (_, i) => table(i + 1)).join('');
  const dir = repo(`tables-${count}`, {
    'migration-gate.yml': 'dir: migrations\nbaseline: baseline.sql\n',
    'baseline.sql': baseline,
    'migrations/0001_audit.sql': TARGET,
    'migrations/0001_audit.down.sql': DOWN,
  });
  return { ...oneMigration(`baseline of ${count} tables`, dir, runs), size: { unit: 'tables', count } };
}

/** A history of `count` migrations (tables created, altered, some renamed), then the target. */
export function historyOf(count: number, runs: number): Scenario {
  const files: Record<string, string> = { 'migration-gate.yml': 'dir: migrations\n' };
  const width = String(count + 1).length;
  const name = (i: number, what: string): string => `migrations/${String(i).padStart(width, '0')}_${what}.sql`;
  for (let i = 1; i <= count; i++) {
    const created = Math.ceil(i / 2);
    files[name(i, `step_${i}`)] =
      i % 2 === 1
        ? table(created)
        : i % 10 === 0
          ? `ALTER TABLE t${created} RENAME COLUMN name TO title;\nALTER TABLE t${created} RENAME COLUMN title TO name;\n`
          : `ALTER TABLE t${created} ADD COLUMN extra_${i} text;\n`;
  }
  files[name(count + 1, 'audit')] = TARGET;
  files[name(count + 1, 'audit').replace(/\.sql$/, '.down.sql')] = DOWN;
  const dir = repo(`history-${count}`, files);
  const ordered = Object.keys(files)
    .filter((f) => f.startsWith('migrations/') && !f.endsWith('.down.sql'))
    .sort()
    .map((f) => path.join(dir, f));
  const target = ordered[ordered.length - 1]!;
  return {
    name: `history of ${count} migrations`,
    dir,
    bareFiles: [...ordered, target.replace(/\.sql$/, '.down.sql'), target],
    runs,
    size: { unit: 'migrations', count },
  };
}

/** 200,000 one-row INSERTs into `event` (~20 MB): the size issue 13 names for memory. */
function dataRows(): string {
  const rows = Array.from(
    { length: 200_000 },
    (_, i) =>
      `INSERT INTO event (id, org_id, kind, payload) VALUES (${i + 1}, ${i % 50}, 'kind_${i % 7}', 'payload text for row ${i + 1}');`,
  );
  return `${rows.join('\n')}\n`;
}

const EVENT =
  'CREATE TABLE event (id bigint PRIMARY KEY, org_id integer NOT NULL, kind text NOT NULL, payload text);\n';

/** The data migration in the history: the migration under review adds a column to the table it filled. */
export function dataMigration(runs: number): Scenario {
  const dir = repo('data', {
    'migration-gate.yml': 'dir: migrations\n',
    'migrations/0001_event.sql': EVENT,
    'migrations/0002_rows.sql': dataRows(),
    'migrations/0003_source.sql': 'ALTER TABLE event ADD COLUMN source text;\n',
    'migrations/0003_source.down.sql': 'ALTER TABLE event DROP COLUMN source;\n',
  });
  const m = (f: string): string => path.join(dir, 'migrations', f);
  const target = m('0003_source.sql');
  return {
    name: 'data migration of 200,000 INSERTs',
    dir,
    bareFiles: [m('0001_event.sql'), m('0002_rows.sql'), target, m('0003_source.down.sql'), target],
    runs,
  };
}

/**
 * The data migration under review, in a plain directory: each row commits on
 * its own, as psql runs it, and is traced (src/observe/runs.ts); its down
 * deletes the rows.
 */
export function dataUnderReview(runs: number): Scenario {
  const dir = repo('data-target', {
    'migration-gate.yml': 'dir: migrations\n',
    'migrations/0001_event.sql': EVENT,
    'migrations/0002_rows.sql': dataRows(),
    'migrations/0002_rows.down.sql': 'DELETE FROM event;\n',
  });
  const m = (f: string): string => path.join(dir, 'migrations', f);
  const target = m('0002_rows.sql');
  return {
    name: 'data migration of 200,000 INSERTs under review',
    dir,
    bareFiles: [m('0001_event.sql'), target, m('0002_rows.down.sql'), target],
    runs,
  };
}

/** One table with 500 columns and 300 indexes; the migration adds a column and an index. */
export function wideTable(runs: number): Scenario {
  const columns = Array.from({ length: 500 }, (_, i) => `c${i} integer`).join(', ');
  const indexes = Array.from(
    { length: 300 },
    (_, i) => `CREATE INDEX wide_c${i}_idx ON wide (c${i}, c${(i + 1) % 500});\n`,
  ).join('');
  const dir = repo('wide', {
    'migration-gate.yml': 'dir: migrations\nbaseline: baseline.sql\n',
    'baseline.sql': `CREATE TABLE t1 (id bigserial PRIMARY KEY);\nCREATE TABLE wide (id bigserial PRIMARY KEY, ${columns});\n${indexes}`,
    'migrations/0001_audit.sql': `${TARGET}ALTER TABLE wide ADD COLUMN c500 integer;\nCREATE INDEX wide_c500_idx ON wide (c500);\n`,
    'migrations/0001_audit.down.sql': `DROP INDEX wide_c500_idx;\nALTER TABLE wide DROP COLUMN c500;\n${DOWN}`,
  });
  return oneMigration('wide table (500 columns, 300 indexes)', dir, runs);
}

/** A baseline and one migration with its down: the bare work applies the migration, its down, and it again. */
function oneMigration(name: string, dir: string, runs: number): Scenario {
  const m = (f: string): string => path.join(dir, f);
  const target = m('migrations/0001_audit.sql');
  return { name, dir, bareFiles: [m('baseline.sql'), target, m('migrations/0001_audit.down.sql'), target], runs };
}
