import { describe, expect, it } from 'vitest';
import { splitLight } from '../src/migrations/light.js';
import { parseSql } from '../src/migrations/parse.js';

/**
 * A large migration under review has its plain INSERTs read by the scanner
 * (src/migrations/plain-insert.ts) and every other statement parsed: what
 * the scanner says of one must be what the parser says, and whatever it is
 * not sure of goes to the parser.
 */
const PLAIN = [
  'INSERT INTO event VALUES (1)',
  "insert into s.\"Event\" (id, \"Kind\") values ('x', -1), (E'y\\'s', +2.5)",
  'INSERT INTO public.event (id, note, at) VALUES (NULL, $$a;b$$, DEFAULT), (TRUE, FALSE, 1e3)',
];

const NOT_PLAIN = [
  'INSERT INTO event VALUES (now())',
  "INSERT INTO event VALUES ('1'::int)",
  "INSERT INTO event VALUES (DATE '2024-01-01')",
  'INSERT INTO event SELECT 1',
  'INSERT INTO event DEFAULT VALUES',
  'INSERT INTO event VALUES (1) RETURNING id',
  'INSERT INTO event VALUES (1) ON CONFLICT DO NOTHING',
  'INSERT INTO event AS e VALUES (1)',
  'INSERT INTO event VALUES (1), ((SELECT 2))',
  'WITH x AS (SELECT 1) INSERT INTO event SELECT * FROM x',
];

async function split(statements: string[]) {
  const parsed = await splitLight(`${statements.join(';\n')};\n`, 'm.sql', () => true, { plainInserts: true });
  if (!parsed) throw new Error('not split');
  return parsed.statements;
}

describe('plain INSERTs read by the scanner', () => {
  it('says of each what the parser says: its kind, its table and schema where the name starts, its text and place', async () => {
    const light = await split(PLAIN);
    const parsed = (await parseSql(`${PLAIN.join(';\n')};\n`, 'm.sql')).statements;
    for (const [i, statement] of light.entries()) {
      const full = parsed[i]!;
      expect(JSON.parse(JSON.stringify(statement))).toMatchObject({
        kind: full.kind,
        sql: full.sql,
        start: full.start,
        end: full.end,
        references: full.references,
        creates: [],
        nonTransactional: false,
      });
    }
  });

  it('leaves every other INSERT to the parser, which names what it calls, casts or reads', async () => {
    const statements = await split(NOT_PLAIN);
    const parsed = (await parseSql(`${NOT_PLAIN.join(';\n')};\n`, 'm.sql')).statements;
    expect(statements.map((s) => s.references)).toEqual(parsed.map((s) => s.references));
    expect(statements.find((s) => s.sql.includes('now()'))?.references).toContainEqual(
      expect.objectContaining({ object: { kind: 'function', name: 'now' }, role: 'function-call' }),
    );
  });
});
