import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptStatement } from '../src/apply/attempt.js';
import { startEmbedded } from '../src/database/embedded.js';
import { UTF8_FOR_THE_TRANSACTION, withLiterals, type Parameter } from '../src/database/literals.js';
import type { Database } from '../src/database/provider.js';
import { trialStatement } from '../src/probes/session.js';
import { Progress } from '../src/progress.js';

/**
 * The probes' statements travel with their savepoints in one message, their
 * parameters as literals: the server must read the same values either way.
 */

let db: Database;
let client: pg.Client;

beforeAll(async () => {
  db = await startEmbedded(new Progress());
  client = new pg.Client(db.connection);
  await client.connect();
  await client.query('CREATE TABLE "t$1" (id int PRIMARY KEY, "note$2" text, tags text[])');
});

afterAll(async () => {
  await client.end();
  await db.stop();
});

const awkward: Parameter[] = [
  "it's",
  "back\\slash \\' quote",
  'line\nbreak -- not a comment',
  '$1 and "quotes"',
  '',
  null,
  42,
  ['a', 'b,c', 'd"e', 'f\\g', null, '{h}', ''],
  [],
];

describe('withLiterals', () => {
  it('reads every awkward value as the parameter would be read', async () => {
    const text = awkward.map((_, i) => `$${i + 1}::text AS v${i}`).join(', ');
    const [asParameters] = (await client.query({ text: `SELECT ${text}`, values: awkward as unknown[] })).rows;
    const [asLiterals] = (await client.query(withLiterals(client, `SELECT ${text}`, awkward))).rows;
    expect(asLiterals).toEqual(asParameters);
    const arrays = 'SELECT $1::text[] AS a, $2::text[] AS b';
    const values = [awkward[7]!, awkward[8]!];
    expect((await client.query(withLiterals(client, arrays, values))).rows).toEqual(
      (await client.query(arrays, values as unknown[])).rows,
    );
  });

  it('leaves quoted names, string constants and comments alone', () => {
    const text = `SELECT "a$1", '$1' -- $1\n, $1 /* $2 */ FROM "t$1" WHERE x = $2`;
    expect(withLiterals(client, text, ['v', null])).toBe(
      `SELECT "a$1", '$1' -- $1\n, 'v' /* $2 */ FROM "t$1" WHERE x = NULL`,
    );
    expect(() => withLiterals(client, 'SELECT $3', ['a'])).toThrow(/no value for \$3/);
  });
});

describe('statements sent with their savepoints', () => {
  it('a trial runs the statement, undoes it and gives its result; a refused one gives the error and undoes it', async () => {
    await client.query('BEGIN');
    try {
      const inserted = await trialStatement(client, {
        text: 'INSERT INTO "t$1" (id, "note$2") VALUES ($1, $2) RETURNING "note$2"',
        values: [1, "it's -- $1"],
      });
      expect(inserted).toMatchObject({ rows: [{ note$2: "it's -- $1" }] });
      const refused = await trialStatement(client, { text: 'INSERT INTO "t$1" (id) VALUES ($1)', values: [null] });
      expect(refused).toMatchObject({ code: '23502', column: 'id' });
      // Undone both times, and the transaction goes on.
      expect((await client.query('SELECT count(*)::int AS n FROM "t$1"')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('an attempt keeps what went in and undoes only what the server refused', async () => {
    await client.query('BEGIN');
    try {
      const sql = 'INSERT INTO "t$1" (id, tags) VALUES ($1, $2) RETURNING tags';
      const kept = await attemptStatement(client, true, sql, [1, ['x', 'y"z']]);
      expect(kept).toMatchObject({ rows: [{ tags: ['x', 'y"z'] }] });
      const duplicate = await attemptStatement(client, true, sql, [1, []]);
      expect(duplicate).toMatchObject({ code: '23505' });
      expect((await client.query('SELECT id FROM "t$1"')).rows).toEqual([{ id: 1 }]);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

describe("a migration's client_encoding", () => {
  // 'с' (Cyrillic) is D1 81 in UTF-8; read as SJIS, 81 and the backslash after it are one character.
  const value = "с\\'); SELECT 'injected";

  it('is set back to UTF-8 for the transaction, so a literal reads as the value pg wrote', async () => {
    await client.query("SET client_encoding = 'SJIS'");
    try {
      await client.query('BEGIN');
      // Unpinned, PostgreSQL refuses the message as a whole (backslash_quote): nothing of it ran.
      await expect(trialStatement(client, { text: 'SELECT $1::text AS v', values: [value] })).rejects.toMatchObject({
        code: '22P06',
      });
      await client.query('ROLLBACK');
      await client.query(`BEGIN; ${UTF8_FOR_THE_TRANSACTION}`);
      const pinned = await trialStatement(client, { text: 'SELECT $1::text AS v', values: [value] });
      expect(pinned).toMatchObject({ rows: [{ v: value }] });
    } finally {
      await client.query('ROLLBACK');
      await client.query('RESET client_encoding');
    }
  });
});
