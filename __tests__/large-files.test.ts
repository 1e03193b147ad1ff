import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * A file of more statements than one message carries, which its tool runs in
 * one transaction, goes to the server in messages inside that transaction
 * (src/apply/send.ts `sendInBatches`): what the gate reports must be what one
 * message would give — nothing of the file left when a statement fails, and
 * that statement's own line and column.
 */
const ROWS = 2_500;

/** A data migration: a table, then ROWS rows, the `bad`-th of them (1-based) replaced by `badRow`. */
function dataFile(bad?: number, badRow?: string): string {
  const lines = ['CREATE TABLE event (id int PRIMARY KEY, n int NOT NULL CHECK (n > 0));'];
  for (let i = 1; i <= ROWS; i++) lines.push(i === bad ? badRow! : `INSERT INTO event (id, n) VALUES (${i}, ${i});`);
  return `${lines.join('\n')}\n`;
}

const TARGET = 'ALTER TABLE event ADD COLUMN note text;\n';

/**
 * The Supabase CLI runs each migration in a transaction; Prisma sends each as
 * one message, one implicit transaction. `earlier` is the history's first
 * migration, under review is a column added to its table.
 */
const LAYOUTS = {
  supabase: (earlier: string) => ({
    'supabase/config.toml': 'project_id = "large-files"\n',
    'supabase/migrations/20240101000000_data.sql': earlier,
    'supabase/migrations/20240102000000_note.sql': TARGET,
  }),
  prisma: (earlier: string) => ({
    'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    'prisma/migrations/20240101000000_data/migration.sql': earlier,
    'prisma/migrations/20240102000000_note/migration.sql': TARGET,
  }),
};

const FIRST = {
  supabase: 'supabase/migrations/20240101000000_data.sql',
  prisma: 'prisma/migrations/20240101000000_data/migration.sql',
};

async function gate(layout: keyof typeof LAYOUTS, earlier: string): Promise<GateReport> {
  const dir = `${layout}/migrations`;
  const run = await runCli(['check', '--dir', dir, '--format', 'json', '--quiet'], makeRepo(LAYOUTS[layout](earlier)));
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as GateReport;
}

describe.each(['supabase', 'prisma'] as const)(
  'a %s migration of thousands of statements, one transaction',
  (layout) => {
    it('applies whole: every row is there for the target', async () => {
      const report = await gate(layout, dataFile());
      expect(report.verdict).toBe('APPROVED');
      const event = report.data?.tables.find((t) => t.table === 'event');
      expect(event?.before).toBe(ROWS);
      expect(event?.after).toBe(ROWS);
    });

    it('a statement that fails in a later message is found at its line, and the history stops there', async () => {
      // Line 1 is the CREATE TABLE: row i is on line i + 1, in the second message of a thousand statements.
      const report = await gate(layout, dataFile(1_800, 'INSERT INTO event (id, n) VALUES (1800, -1);'));
      expect(report.verdict).toBe('BLOCKED');
      expect(report.findings).toEqual([
        expect.objectContaining({ rule: 'earlier-migration-fails', file: FIRST[layout], line: 1_801, column: 1 }),
      ]);
      expect(report.findings[0]!.message).toContain('violates check constraint "event_n_check"');
    });

    it('a syntax error in a later message is placed in its own statement', async () => {
      const report = await gate(layout, dataFile(2_300, 'INSERT INTO event (id, n) VALUES (2300, 5 +);'));
      expect(report.findings).toEqual([
        expect.objectContaining({ rule: 'earlier-migration-fails', file: FIRST[layout], line: 2_301, column: 44 }),
      ]);
      expect(report.findings[0]!.message).toContain('syntax error');
    });
  },
);

describe('a migration under review of thousands of INSERTs', () => {
  // Only the 1,000th row makes the trigger write to audit: the lock it takes there is seen at the run's last look.
  const schema = [
    'CREATE TABLE event (id int PRIMARY KEY);',
    'CREATE TABLE audit (id int);',
    'CREATE FUNCTION note_event() RETURNS trigger LANGUAGE plpgsql AS $$',
    'BEGIN IF NEW.id = 1000 THEN INSERT INTO audit VALUES (NEW.id); END IF; RETURN NEW; END $$;',
    'CREATE TRIGGER event_note AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION note_event();',
    '',
  ].join('\n');
  const rows = Array.from({ length: 1_500 }, (_, i) => `INSERT INTO event (id) VALUES (${i + 1});`).join('\n');

  it('in one transaction, is traced at the first and the last of its rows, with what the rows between them locked', async () => {
    const run = await runCli(
      ['check', '--dir', 'supabase/migrations', '--format', 'json', '--quiet'],
      makeRepo({
        'supabase/config.toml': 'project_id = "large-files"\n',
        'supabase/migrations/20240101000000_schema.sql': schema,
        'supabase/migrations/20240102000000_rows.sql': `${rows}\n`,
      }),
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.trace?.map((t) => t.line)).toEqual([1, 1_500]);
    const locked = (line: number): string[] =>
      report.trace!.find((t) => t.line === line)!.locks.map((l) => `${l.relation} ${l.modes.join(',')}`);
    expect(locked(1)).toEqual(['public.event ROW EXCLUSIVE']);
    expect(locked(1_500)).toEqual(['public.audit ROW EXCLUSIVE']);
  });
});

describe('a migration under review of more than a megabyte', () => {
  // Read with its plain INSERTs left to the scanner (src/inputs.ts DATA_SIZED): it must come out as parsed whole.
  const head = [
    'INSERT INTO event (id) VALUES (1);',
    'INSERT INTO public.ghost (id) VALUES (2);',
    "INSERT INTO event (id) VALUES (length('x'));",
  ];
  const padding = Array.from({ length: 30_000 }, (_, i) => `INSERT INTO event (id) VALUES (${i + 10});`);

  async function findings(target: string[]) {
    const run = await runCli(
      ['check', '--dir', 'm', '--format', 'json', '--quiet'],
      makeRepo({
        'm/0001_schema.sql': 'CREATE TABLE event (id int PRIMARY KEY);\n',
        'm/0002_rows.sql': `${target.join('\n')}\n`,
      }),
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    return report.findings.map((f) => [f.rule, f.severity, f.line, f.column, f.message]);
  }

  it('says what the same statements say in a small one: the missing table where its name starts', async () => {
    const small = await findings(head);
    expect(small).toContainEqual(['missing-relation', 'critical', 2, 13, 'relation "public.ghost" does not exist']);
    const large = [...head, ...padding];
    expect(large.join('\n').length).toBeGreaterThan(1024 * 1024);
    expect(await findings(large)).toEqual(small);
  });
});
