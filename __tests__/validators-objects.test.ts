import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../src/catalog/model.js';
import type { TaskResult } from '../src/types.js';
import type { ValidationContext } from '../src/validators/common.js';
import { validateEnums } from '../src/validators/enums.js';
import { validateIndexes } from '../src/validators/indexes.js';
import { validateIntegration } from '../src/validators/integration.js';
import { validateSchema } from '../src/validators/schema.js';
import { validateTriggers } from '../src/validators/triggers.js';
import { context, enumType, fn, foreignKey, index, snapshot, table, trigger } from './helpers/snapshot.js';

type Validator = (ctx: ValidationContext) => TaskResult;

/** One task on hand-built snapshots: `after` is the schema the migration left; before it, nothing. */
async function run(validator: Validator, sql: string, after: CatalogSnapshot, extra: Partial<ValidationContext> = {}) {
  const task = validator(await context(sql, snapshot(), after, extra));
  return { status: task.status, rules: task.findings.map((f) => f.rule), findings: task.findings };
}

describe('validateSchema', () => {
  const sql = 'CREATE TABLE account (id int, email text);\n';

  it('schema-mismatch: a created table that lacks a declared column, at the CREATE TABLE', async () => {
    const { findings, status } = await run(validateSchema, sql, snapshot({ tables: [table('account', ['id'])] }));
    expect(status).toBe('FAIL');
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'schema-mismatch', message: 'table account lacks column email', line: 1 }),
    ]);
  });

  it('schema-mismatch: a configured column count or partitioning that differs', async () => {
    const after = snapshot({ tables: [table('account', ['id', 'email'])] });
    const expected = { tables: { account: { columns: 3, partitioned: true } } };
    expect((await run(validateSchema, sql, after, { expected })).rules).toEqual(['schema-mismatch', 'schema-mismatch']);
  });

  it('passes when every declared column is there, naming the counts', async () => {
    const after = snapshot({ tables: [table('account', ['id', 'email'])] });
    const expected = { tables: { account: { columns: ['id', 'email'] } } };
    const task = validateSchema(await context(sql, snapshot(), after, { expected }));
    expect(task).toMatchObject({ status: 'PASS', summary: '1 table, 2 columns', findings: [] });
  });
});

describe('validateSchema on partitions', () => {
  it('a migration that only adds a partition says so, not "No tables created"', async () => {
    const sql = "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');\n";
    const partition = table('events_2027', ['id', 'at'], { partitionOf: { schema: 'public', name: 'events' } });
    const task = validateSchema(
      await context(sql, snapshot(), snapshot({ tables: [table('events', ['id', 'at']), partition] })),
    );
    expect(task).toMatchObject({ status: 'PASS', summary: '1 partition', findings: [] });
  });
});

describe('validateIndexes', () => {
  const sql =
    'CREATE TABLE member (id int, team_id int REFERENCES team);\nCREATE INDEX member_team_idx ON member (team_id);\n';
  const member = table('member', ['id', 'team_id']);
  const fk = foreignKey('member', ['team_id'], 'public.team', ['id']);
  const teamIndex = index('member', 'member_team_idx', ['team_id']);

  it('index-missing and unindexed-foreign-key when the index is not there', async () => {
    const { findings } = await run(validateIndexes, sql, snapshot({ tables: [member], constraints: [fk] }));
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'index-missing', severity: 'error', object: 'member_team_idx', line: 2 }),
      expect.objectContaining({ rule: 'unindexed-foreign-key', severity: 'warning', object: 'member.team_id' }),
    ]);
  });

  it('index-invalid: an index left INVALID', async () => {
    const after = snapshot({ tables: [member], constraints: [fk], indexes: [{ ...teamIndex, valid: false }] });
    expect((await run(validateIndexes, sql, after)).rules).toEqual(['index-invalid']);
  });

  it('index-count: per table and in total', async () => {
    const after = snapshot({ tables: [member], constraints: [fk], indexes: [teamIndex] });
    expect(
      (await run(validateIndexes, sql, after, { expected: { tables: { member: { indexes: 2 } } } })).rules,
    ).toEqual(['index-count']);
    expect((await run(validateIndexes, sql, after, { expected: { indexes: 2 } })).rules).toEqual(['index-count']);
  });

  it('a partial index does not cover a foreign key; a valid leading index does and passes', async () => {
    const partial = { ...teamIndex, predicate: '(team_id > 0)' };
    const withPartial = await run(
      validateIndexes,
      sql,
      snapshot({ tables: [member], constraints: [fk], indexes: [partial] }),
    );
    expect(withPartial.rules).toEqual(['unindexed-foreign-key']);
    const covered = await run(
      validateIndexes,
      sql,
      snapshot({ tables: [member], constraints: [fk], indexes: [teamIndex] }),
    );
    expect(covered).toMatchObject({ status: 'PASS', rules: [] });
  });
});

describe('validateTriggers', () => {
  const sql =
    'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n' +
    'CREATE TRIGGER note_touch BEFORE UPDATE ON note FOR EACH ROW EXECUTE FUNCTION touch();\n';
  const touch = fn('touch');
  const noteTouch = trigger('note', 'note_touch', 'public.touch');

  it('function-missing and trigger-missing, each at its statement', async () => {
    const { findings } = await run(validateTriggers, sql, snapshot({ tables: [table('note')] }));
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'function-missing', object: 'touch()', line: 1 }),
      expect.objectContaining({ rule: 'trigger-missing', object: 'note_touch', line: 2 }),
    ]);
  });

  it('trigger-mismatch: another timing, events or function than declared', async () => {
    const other = fn('other');
    const wrong = {
      ...noteTouch,
      timing: 'AFTER' as const,
      events: ['INSERT' as const],
      function: { schema: 'public', name: 'other' },
    };
    const { findings } = await run(validateTriggers, sql, snapshot({ functions: [touch, other], triggers: [wrong] }));
    expect(findings.map((f) => f.message)).toEqual([
      'trigger note_touch on note: fires AFTER, expected BEFORE',
      'trigger note_touch on note: fires on INSERT, expected UPDATE',
      'trigger note_touch on note: executes other(), expected touch()',
    ]);
  });

  it("an unqualified function that only pg_catalog has is pg_catalog's: no mismatch", async () => {
    const tsv =
      "CREATE TRIGGER note_tsv BEFORE UPDATE ON note FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', body);\n";
    const after = snapshot({ triggers: [trigger('note', 'note_tsv', 'pg_catalog.tsvector_update_trigger')] });
    expect(await run(validateTriggers, tsv, after)).toMatchObject({ status: 'PASS', rules: [] });
  });

  it('trigger-missing names the table a trigger sits on instead; configured triggers are checked too', async () => {
    const elsewhere = { ...noteTouch, table: 'memo' };
    const { findings } = await run(validateTriggers, sql, snapshot({ functions: [touch], triggers: [elsewhere] }));
    expect(findings).toEqual([
      expect.objectContaining({ message: 'trigger note_touch on note does not exist (it is on memo)' }),
    ]);
    const expected = { triggers: [{ name: 'audit', table: 'note' }] };
    const configured = await run(validateTriggers, sql, snapshot({ functions: [touch], triggers: [noteTouch] }), {
      expected,
    });
    expect(configured.rules).toEqual(['trigger-missing']);
  });

  it('passes when the function exists and the trigger is as declared', async () => {
    const ok = await run(validateTriggers, sql, snapshot({ functions: [touch], triggers: [noteTouch] }));
    expect(ok).toMatchObject({ status: 'PASS', rules: [] });
  });
});

describe('validateEnums', () => {
  const sql = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n";

  it('enum-missing when the type is not there; enum-values when the order differs', async () => {
    expect((await run(validateEnums, sql, snapshot())).findings).toEqual([
      expect.objectContaining({ rule: 'enum-missing', object: 'mood', line: 1 }),
    ]);
    const reordered = await run(validateEnums, sql, snapshot({ enums: [enumType('mood', ['ok', 'sad', 'happy'])] }));
    expect(reordered.findings).toEqual([
      expect.objectContaining({
        rule: 'enum-values',
        message: 'enum type mood has values [ok, sad, happy], expected [sad, ok, happy]',
      }),
    ]);
  });

  it('enum-values against a configured count; as declared it passes', async () => {
    const after = snapshot({ enums: [enumType('mood', ['sad', 'ok', 'happy'])] });
    expect((await run(validateEnums, sql, after, { expected: { enums: { mood: 4 } } })).rules).toEqual(['enum-values']);
    expect(await run(validateEnums, sql, after)).toMatchObject({ status: 'PASS', rules: [] });
  });

  it('values the migration itself adds or renames later are what PostgreSQL made them: no finding', async () => {
    const altered = `${sql}ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\nALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\n`;
    const after = snapshot({ enums: [enumType('mood', ['blue', 'meh', 'ok', 'happy'])] });
    expect(await run(validateEnums, altered, after)).toMatchObject({ status: 'PASS', rules: [] });
    expect(validateEnums(await context(altered, snapshot(), after)).summary).toBe('1 enum types (4 values), in order');
    // The type must still be there.
    expect((await run(validateEnums, altered, snapshot())).rules).toEqual(['enum-missing']);
  });
});

describe('validateIntegration', () => {
  const sql = 'CREATE TABLE member (id int, team_id int REFERENCES team (id) ON DELETE CASCADE);\n';
  const declared = foreignKey('member', ['team_id'], 'public.team', ['id'], { onDelete: 'CASCADE' });

  it('foreign-key-missing when the key is not there', async () => {
    expect((await run(validateIntegration, sql, snapshot())).findings).toEqual([
      expect.objectContaining({ rule: 'foreign-key-missing', object: 'member.team_id → team.id', line: 1 }),
    ]);
  });

  it('foreign-key-target and foreign-key-on-delete when the key points elsewhere or acts otherwise', async () => {
    const elsewhere = { ...declared, refTable: { schema: 'public', name: 'squad' }, onDelete: 'RESTRICT' as const };
    expect((await run(validateIntegration, sql, snapshot({ constraints: [elsewhere] }))).rules).toEqual([
      'foreign-key-target',
      'foreign-key-on-delete',
    ]);
  });

  it('a configured expectation overrides the declared ON DELETE; as declared it passes', async () => {
    const expected = { foreign_keys: [{ from: 'member.team_id', to: 'team.id', on_delete: 'SET NULL' }] };
    expect((await run(validateIntegration, sql, snapshot({ constraints: [declared] }), { expected })).rules).toEqual([
      'foreign-key-on-delete',
    ]);
    expect(await run(validateIntegration, sql, snapshot({ constraints: [declared] }))).toMatchObject({
      status: 'PASS',
      rules: [],
    });
  });
});
