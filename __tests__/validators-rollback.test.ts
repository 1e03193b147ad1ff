import { describe, expect, it } from 'vitest';
import type { RollbackRun } from '../src/apply/rollback.js';
import type { StatementError } from '../src/apply/errors.js';
import type { ParsedSql } from '../src/migrations/model.js';
import { parseSql } from '../src/migrations/parse.js';
import { blockedTasks } from '../src/validators/blocked.js';
import { validateRollback, type RollbackInput } from '../src/validators/rollback.js';
import { snapshot, table } from './helpers/snapshot.js';

const before = snapshot({ tables: [table('account', ['id', 'email'])] });
const down = (): Promise<ParsedSql> => parseSql('DROP TABLE note;\n', 'm/0002_note.down.sql');
const input = (run: RollbackRun, extra: Partial<RollbackInput> = {}): RollbackInput => ({
  run,
  before,
  required: false,
  toolHasDowns: true,
  tool: 'plain',
  targetFile: 'm/0002_note.sql',
  ...extra,
});

async function failure(message: string): Promise<Extract<RollbackRun, { status: 'down-failed' }>['result']> {
  const parsed = await down();
  const error: StatementError = { rule: 'missing-relation', code: '42P01', message, position: { line: 1, column: 12 } };
  return {
    status: 'failed',
    file: parsed.file,
    ms: 1,
    skipped: [],
    statements: 0,
    statement: parsed.statements[0]!,
    error,
    rolledBack: true,
  };
}

async function done(afterDown = before, ms = 5, reapply: 'applied' | 'failed' = 'applied'): Promise<RollbackRun> {
  const again =
    reapply === 'applied'
      ? { status: 'applied' as const, file: 'm/0002_note.sql', statements: 1, ms: 1, skipped: [] }
      : await failure('relation "note" already exists');
  return { status: 'done', down: await down(), ms, afterDown, reapply: again };
}

describe('validateRollback', () => {
  it('no-down-migration: a warning, an error when required, N/A for a tool without downs', () => {
    const missing = validateRollback(input({ status: 'no-down' }));
    expect(missing).toMatchObject({ status: 'WARN', findings: [{ rule: 'no-down-migration', severity: 'warning' }] });
    expect(missing.findings[0]!.message).toBe('no down migration (add m/0002_note.down.sql)');
    expect(validateRollback(input({ status: 'no-down' }, { required: true })).status).toBe('FAIL');
    expect(validateRollback(input({ status: 'no-down' }, { toolHasDowns: false, tool: 'prisma' }))).toMatchObject({
      status: 'N/A',
      findings: [],
    });
  });

  it('down-failed: at the down file, line and column of the error', async () => {
    const run: RollbackRun = {
      status: 'down-failed',
      down: await down(),
      result: await failure('relation "note" does not exist'),
    };
    const task = validateRollback(input(run));
    expect(task.status).toBe('FAIL');
    expect(task.findings).toEqual([
      expect.objectContaining({ rule: 'missing-relation', file: 'm/0002_note.down.sql', line: 1, column: 12 }),
    ]);
  });

  it('rollback-incomplete: an object the down leaves behind; rollback-column-order: only the order differs', async () => {
    const leftBehind = snapshot({ tables: [table('account', ['id', 'email']), table('note')] });
    expect(validateRollback(input(await done(leftBehind))).findings).toEqual([
      expect.objectContaining({ rule: 'rollback-incomplete', object: 'public.note', severity: 'error' }),
    ]);
    const reordered = snapshot({ tables: [table('account', ['email', 'id'])] });
    const task = validateRollback(input(await done(reordered)));
    expect(task).toMatchObject({ status: 'WARN', findings: [{ rule: 'rollback-column-order', severity: 'warning' }] });
  });

  it('rollback-slow past the configured duration; reapply-failed when the migration does not apply again', async () => {
    expect(validateRollback(input(await done(before, 250), { maxDurationMs: 100 })).findings).toEqual([
      expect.objectContaining({ rule: 'rollback-slow', message: 'rollback took 250 ms, allowed 100 ms' }),
    ]);
    expect(validateRollback(input(await done(before, 5, 'failed'))).findings).toEqual([
      expect.objectContaining({ rule: 'reapply-failed', file: 'm/0002_note.sql' }),
    ]);
  });

  it('passes when the down restores the schema exactly, in time, and the migration applies again', async () => {
    const task = validateRollback(input(await done(before, 5), { maxDurationMs: 100 }));
    expect(task).toMatchObject({ status: 'PASS', findings: [] });
    expect(task.summary).toBe('Down migration restores the schema exactly in 5 ms; re-apply succeeds');
    // Under a millisecond is not "0 ms", which reads as if the down never ran.
    expect(validateRollback(input(await done(before, 0.3))).summary).toBe(
      'Down migration restores the schema exactly in < 1 ms; re-apply succeeds',
    );
  });
});

describe('blockedTasks', () => {
  it('not-created and foreign-key-target-missing for what a failed migration declared', async () => {
    const target = await parseSql(
      'CREATE TABLE member (id int, org_id int REFERENCES organization (id));\nCREATE INDEX member_org_idx ON member (org_id);\n',
      'm/0002_member.sql',
    );
    const tasks = blockedTasks(target, target.statements, 'migration fails at line 1', new Set(['organization']));
    const byId = Object.fromEntries(tasks.map((t) => [t.id, t]));
    expect(byId.schema).toMatchObject({
      status: 'BLOCKED',
      findings: [{ rule: 'not-created', object: 'member', line: 1 }],
    });
    expect(byId.indexes).toMatchObject({ status: 'BLOCKED', findings: [{ rule: 'not-created', line: 2 }] });
    expect(byId.integration!.findings).toEqual([
      expect.objectContaining({ rule: 'foreign-key-target-missing', object: 'member.org_id', line: 1 }),
    ]);
    expect(byId.enums).toMatchObject({ status: 'N/A', findings: [] });
  });

  it('a foreign key whose target exists is only not created', async () => {
    const target = await parseSql(
      'CREATE TABLE member (id int, team_id int REFERENCES team (id));\n',
      'm/0002_member.sql',
    );
    const integration = blockedTasks(target, target.statements, 'migration fails at line 1', new Set()).find(
      (t) => t.id === 'integration',
    );
    expect(integration!.findings.map((f) => f.rule)).toEqual(['not-created']);
  });

  it('what statements before the failure made is said not checked, not absent', async () => {
    const target = await parseSql(
      'CREATE TABLE doc (id int);\nCREATE POLICY doc_all ON doc USING (true);\nSELECT * FROM nowhere;\nCREATE INDEX doc_id ON doc (id);\n',
      'm/0002_doc.sql',
    );
    const byId = Object.fromEntries(
      blockedTasks(target, target.statements.slice(2), 'migration fails at line 3', new Set()).map((t) => [t.id, t]),
    );
    expect(byId.rls).toMatchObject({ status: 'N/A', summary: 'Not checked: migration fails at line 3' });
    expect(byId.indexes).toMatchObject({ status: 'BLOCKED' });
    expect(byId.enums).toMatchObject({ status: 'N/A', summary: 'Nothing of this kind in the migration' });
  });
});
