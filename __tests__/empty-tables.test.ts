import { describe, expect, it } from 'vitest';
import { gateSql } from '../src/sql-files.js';
import { databasePerTest } from './helpers/real-postgres.js';

// Which tables have no page, so that data preservation need not read them: by
// the size of the table's file where the gate may read server files
// (empty-files.sql), else by pg_relation_size (empty.sql). Both must say the same.

const { database } = databasePerTest();

const TABLES = ['never_written', 'one_row', 'emptied', 'truncated', 'written_now'];

async function emptyOf(client: Awaited<ReturnType<typeof database>>, file: string): Promise<string[]> {
  const { rows } = await client.query<{ i: number }>(gateSql(file), [TABLES.map(() => 'app'), TABLES]);
  return rows.map((row) => TABLES[row.i - 1]!).sort();
}

describe('tables known to hold no row', () => {
  it('are those without a page, whether the server files can be read or not', async () => {
    const client = await database('empty_tables');
    await client.query(`
      CREATE SCHEMA app;
      ${TABLES.map((t) => `CREATE TABLE app.${t} (n int);`).join('\n')}
      INSERT INTO app.one_row VALUES (1);
      INSERT INTO app.emptied VALUES (1); DELETE FROM app.emptied;
      INSERT INTO app.truncated VALUES (1); TRUNCATE app.truncated;
      CREATE ROLE empty_reader; GRANT USAGE ON SCHEMA app TO empty_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA app TO empty_reader`);
    await client.query('BEGIN');
    // Rows of a transaction not yet committed are in pages already.
    await client.query('INSERT INTO app.written_now VALUES (1)');
    const { rows } = await client.query<{ files: boolean }>(
      "SELECT has_function_privilege('pg_catalog.pg_stat_file(text, boolean)', 'EXECUTE') AS files",
    );
    expect(rows[0]?.files).toBe(true);
    // A deleted row's page stays: the table is read (and found empty), not assumed so.
    expect(await emptyOf(client, 'data/empty-files.sql')).toEqual(['never_written', 'truncated']);
    expect(await emptyOf(client, 'data/empty.sql')).toEqual(['never_written', 'truncated']);
    // The facts of every table say the same when asked to (data preservation's moments that read every table).
    const facts = async (files: boolean) =>
      (
        await client.query<{ i: number; empty: boolean; columns: string[] | null }>(gateSql('data/tables.sql'), [
          TABLES.map(() => 'app'),
          TABLES,
          files,
        ])
      ).rows.map((row) => [TABLES[row.i - 1], row.empty, row.columns]);
    expect(await facts(true)).toEqual([
      ['never_written', true, null],
      ['one_row', false, ['n']],
      ['emptied', false, ['n']],
      ['truncated', true, null],
      ['written_now', false, ['n']],
    ]);
    expect(await facts(false)).toEqual(TABLES.map((table) => [table, false, ['n']]));
    await client.query('SET LOCAL ROLE empty_reader');
    const { rows: reader } = await client.query<{ files: boolean }>(
      "SELECT has_function_privilege('pg_catalog.pg_stat_file(text, boolean)', 'EXECUTE') AS files",
    );
    expect(reader[0]?.files).toBe(false);
    expect(await emptyOf(client, 'data/empty.sql')).toEqual(['never_written', 'truncated']);
    await client.query('SAVEPOINT files');
    await expect(emptyOf(client, 'data/empty-files.sql')).rejects.toMatchObject({ code: '42501' });
    await client.query('ROLLBACK TO SAVEPOINT files');
    await expect(facts(true)).rejects.toMatchObject({ code: '42501' });
    await client.query('ROLLBACK TO SAVEPOINT files');
    expect((await facts(false)).map(([, empty]) => empty)).toEqual(TABLES.map(() => false));
    await client.query('ROLLBACK');
  });
});
