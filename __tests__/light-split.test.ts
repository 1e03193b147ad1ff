import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectNow } from '../src/launch/heap.js';
import { splitLight } from '../src/migrations/light.js';

/**
 * Files the gate only runs (a dump, earlier migrations, test data) are split
 * by the scanner (src/migrations/light.ts): each statement says what running
 * it as its tool does needs, at its exact place, and what the caller asks to
 * analyse goes through the real parser.
 */
describe('a file split by the scanner alone', () => {
  const text = [
    'BEGIN;',
    'INSERT INTO t (id) VALUES (1);',
    "CREATE POLICY p ON t USING (org_id = current_setting('app.org')::int);",
    '  CREATE INDEX CONCURRENTLY t_id_idx',
    '    ON t (id);',
    'REINDEX TABLE CONCURRENTLY t;',
    'SET CONSTRAINTS ALL DEFERRED;',
    'COMMIT;',
    '',
  ].join('\n');

  it('says of each statement its kind, its transaction control and whether it refuses a block, at its own lines', async () => {
    const parsed = await splitLight(text, 'data.sql', () => false);
    expect(parsed?.statements.map((s) => [s.index, s.kind, s.transaction, s.nonTransactional])).toEqual([
      [0, 'TransactionStmt', 'begin', false],
      [1, 'Statement', undefined, false],
      [2, 'Statement', undefined, false],
      [3, 'IndexStmt', undefined, true],
      [4, 'Statement', undefined, true],
      [5, 'ConstraintsSetStmt', undefined, false],
      [6, 'TransactionStmt', 'commit', false],
    ]);
    const index = parsed!.statements[3]!;
    expect(index.sql).toBe('CREATE INDEX CONCURRENTLY t_id_idx\n    ON t (id)');
    expect([index.start, index.end]).toEqual([
      { line: 4, column: 3 },
      { line: 5, column: 13 },
    ]);
    expect(parsed?.managesTransaction).toBe(true);
  });

  it('gives the statements the caller picks to the parser, in their place', async () => {
    const parsed = await splitLight(text, 'data.sql', (words) => words.has('policy'));
    const policy = parsed!.statements[2]!;
    expect(policy).toMatchObject({ index: 2, kind: 'CreatePolicyStmt', start: { line: 3, column: 1 } });
    expect(policy.creates).toEqual([expect.objectContaining({ kind: 'policy', name: 'p' })]);
    expect(parsed!.statements[1]).toMatchObject({ index: 1, kind: 'Statement', creates: [] });
  });

  it('leaves a BEGIN ATOMIC body, whose semicolons it cannot place, to the parser', async () => {
    const atomic = 'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n';
    expect(await splitLight(atomic, 'f.sql', () => false)).toBeUndefined();
  });

  it('keeps little of each statement: a 20 MB data file of 200,000 INSERTs kept 333 bytes of each, now ~110', async () => {
    const rows = 50_000;
    const lines = Array.from(
      { length: rows },
      (_, i) => `INSERT INTO event (id, kind) VALUES (${i}, 'kind_${i % 7}');`,
    );
    const data = lines.join('\n');
    collectNow();
    const before = v8.getHeapStatistics().used_heap_size;
    const parsed = await splitLight(data, 'data.sql', () => false);
    collectNow();
    const kept = v8.getHeapStatistics().used_heap_size - before;
    expect(parsed?.statements).toHaveLength(rows);
    expect(kept / rows).toBeLessThan(135);
  });
});
