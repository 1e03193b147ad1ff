import { describe, expect, it } from 'vitest';
import { SqlScanner } from '../src/migrations/lexer.js';
import { PlainInsert } from '../src/migrations/plain-insert.js';
import { wholePlainInsert } from '../src/migrations/plain-insert-text.js';
import { splitLight } from '../src/migrations/light.js';

/** What the scanner and the token-by-token reader make of the text up to its first semicolon. */
function byTokens(sql: string) {
  const scanner = new SqlScanner(sql);
  const insert = new PlainInsert();
  let start = -1;
  let end = -1;
  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.type === 'comment') continue;
    if (t.type === 'punct' && t.value === ';') {
      const into = insert.result();
      return into && { start, end, separator: t.start, into };
    }
    if (start < 0) start = t.start;
    end = t.end;
    insert.feed(t);
  }
  return undefined;
}

/** The usual ways of writing a plain INSERT: all read whole. */
const USUAL = [
  "INSERT INTO event (id, kind) VALUES (1, 'x')",
  "  \n\tINSERT INTO event VALUES (1, 'it''s', NULL, TRUE, false, DEFAULT) ",
  "insert into Public.Event (Id) values (-1), (+ 2.5), (.5), (1e10), ('x')",
  'INSERT INTO "My ""Odd"" Table" ("Col") VALUES (1)',
  'INSERT INTO s."t" VALUES (1)',
  'INSERT INTO t(a,b)VALUES(1,2),(3,4)',
  'INSERT INTO t VALUES (12abc)',
];

/** Near misses: left to the scanner, or read whole only where the scanner reads the same. */
const ALIKE = [
  ...USUAL,
  'INSERT INTO event (id, kind) VALUES (1, $$x$$)',
  'INSERT INTO t VALUES (1) RETURNING id',
  'INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING',
  'INSERT INTO t VALUES (now())',
  "INSERT INTO t VALUES (E'a\\'b')",
  "INSERT INTO t VALUES (U&'d\\0061t')",
  'INSERT INTO t VALUES (1 -- one\n)',
  'INSERT INTO t VALUES (1 /* one */)',
  'INSERT INTO t VALUES (--1\n2)',
  'INSERT INTO t VALUES (nullx)',
  'INSERT INTO t VALUES (null$)',
  'INSERT INTO tvalues (1)',
  'INSERT INTO t AS x VALUES (1)',
  'INSERT INTO t DEFAULT VALUES',
  'INSERT INTO t VALUES ()',
  'INSERT INTO t () VALUES (1)',
  'INSERT INTO t VALUES (1)(2)',
  'INSERT INTO t VALUES (1,)',
  'INSERT INTO tä VALUES (1)',
  'INSERT INTO t VALUES (1ä)',
  'INSERT INTO t VALUES (- - 1)',
  'INSERT INTO a.b.c VALUES (1)',
  'INSERT INTO t SELECT 1',
  'INSERTINTO t VALUES (1)',
  'INSERT INTO t VALUES (1::int)',
  "INSERT INTO t VALUES ('a' 'b')",
  'INSERT INTO t VALUES ($1)',
  'INSERT\u00a0INTO t VALUES (1)',
];

describe('a plain INSERT read whole by a regular expression', () => {
  it('reads exactly what the scanner reads token by token, with the same bounds and table, or leaves it to the scanner', () => {
    let matched = 0;
    for (const statement of ALIKE) {
      for (const text of [`${statement};`, `${statement} ;\nSELECT 1;`, statement]) {
        const whole = wholePlainInsert(text, 0);
        if (whole) {
          matched += 1;
          expect(whole, text).toEqual(byTokens(text));
        }
      }
    }
    // Each usual one, terminated, in two texts (and `(1ä)`, one number to the scanner too); none unterminated.
    expect(matched).toBeGreaterThanOrEqual(2 * USUAL.length);
    for (const usual of USUAL) expect(wholePlainInsert(`${usual};`, 0), usual).toBeDefined();
  });

  it('splits a data file as before: statements, places, tables, and what goes to the parser', async () => {
    const file = [
      '-- rows',
      "INSERT INTO event (id, kind) VALUES (1, 'a');",
      'INSERT INTO event (id, kind) VALUES (2, now());',
      '/* c */ INSERT INTO app.event VALUES (3, $$b$$);',
      "INSERT INTO app.\"Event\" VALUES (4, 'c'), (5, 'd') ;",
      'CREATE INDEX ON event (kind);',
      "INSERT INTO event VALUES (6, 'e')",
    ].join('\n');
    const parsed = await splitLight(file, 'data.sql', () => true, { plainInserts: true });
    const seen = parsed!.statements.map((s) => ({
      kind: s.kind,
      sql: s.sql,
      start: s.start,
      tables: s.references.map((r) => [r.object.kind, r.object.schema, r.object.name, r.position]),
    }));
    expect(seen[0]).toEqual({
      kind: 'InsertStmt',
      sql: "INSERT INTO event (id, kind) VALUES (1, 'a')",
      start: { line: 2, column: 1 },
      tables: [['table', undefined, 'event', { line: 2, column: 13 }]],
    });
    expect(seen[3]).toEqual({
      kind: 'InsertStmt',
      sql: "INSERT INTO app.\"Event\" VALUES (4, 'c'), (5, 'd')",
      start: { line: 5, column: 1 },
      tables: [
        ['table', 'app', 'Event', { line: 5, column: 13 }],
        ['schema', undefined, 'app', { line: 5, column: 13 }],
      ],
    });
    expect(seen.map((s) => s.kind)).toEqual([
      'InsertStmt',
      'InsertStmt',
      'InsertStmt',
      'InsertStmt',
      'IndexStmt',
      'InsertStmt',
    ]);
    // The one calling now() went to the parser, which names the function.
    expect(seen[1]!.tables.map(([kind, , name]) => `${kind}:${name}`)).toContain('function:now');
    expect(seen[5]!.sql).toBe("INSERT INTO event VALUES (6, 'e')");
  });
});
