import { describe, expect, it } from 'vitest';
import { parseSql } from '../src/migrations/parse.js';
import type { ParsedSql, Statement } from '../src/migrations/model.js';
import type { LockMode } from '../src/observe/locks.js';
import type { RelationLocks, Scan } from '../src/observe/model.js';
import { reportEntry, type TracedStatement, type TraceView } from '../src/observe/summary.js';
import { duplicateIndexFindings, truncationFindings } from '../src/rules/safety/catalog.js';
import { compatibilityFindings } from '../src/rules/safety/compatibility.js';
import { severityFor, type SafetyContext } from '../src/rules/safety/context.js';
import { lockTimeoutFindings } from '../src/rules/safety/lock-timeout.js';
import { lockFindings } from '../src/rules/safety/locks.js';
import { requiredColumnFindings } from '../src/rules/safety/required-column.js';
import { index, snapshot, table, view } from './helpers/snapshot.js';

/**
 * The safety rules are pure functions of the parsed migration and a trace:
 * here on traces built by hand, as the server would have reported them.
 */

const EMPTY = snapshot();

interface Seen {
  taken?: RelationLocks[];
  /** Modes from earlier statements of the same transaction, besides those taken. */
  alsoHeld?: RelationLocks[];
  rewritten?: string[];
  scanned?: Scan[];
  transaction?: number;
}

function traced(statement: Statement, seen: Seen = {}): TracedStatement & { transaction: number } {
  const taken = seen.taken ?? [];
  const held = new Map<string, LockMode[]>();
  for (const { relation, modes } of [...(seen.alsoHeld ?? []), ...taken]) {
    held.set(relation, [...(held.get(relation) ?? []), ...modes]);
  }
  return {
    statement,
    startedAt: 1_000,
    endedAt: 1_010,
    taken,
    rewritten: seen.rewritten ?? [],
    scanned: seen.scanned ?? [],
    held,
    transactionEndsAt: 1_050,
    transaction: seen.transaction ?? statement.index,
  };
}

function context(
  parsed: ParsedSql,
  statements: ReturnType<typeof traced>[],
  extra: Partial<SafetyContext> & { rows?: Record<string, number> } = {},
): SafetyContext {
  const { rows = {}, ...rest } = extra;
  const view: TraceView = {
    statements,
    rows: (relation) => (rows[relation] === undefined ? undefined : { rows: rows[relation], from: 'table_sizes' }),
    transactionOf: (s) => statements.find((t) => t.statement === s)?.transaction ?? s.index,
  };
  return {
    target: parsed,
    ran: parsed.statements,
    trace: view,
    existing: new Set(['public.account', 'public.team']),
    truncations: [],
    before: EMPTY,
    session: {},
    tool: 'plain',
    ...rest,
  };
}

const parse = (sql: string): Promise<ParsedSql> => parseSql(sql, 'm/0002_target.sql');
const AE: RelationLocks = { relation: 'public.account', modes: ['ACCESS EXCLUSIVE'] };
const rules = (found: { rule: string; severity: string; line?: number }[]) =>
  found.map((f) => [f.rule, f.severity, f.line]);

describe('lock rules decide from what the server did', () => {
  it('ADD COLUMN with a default: a finding when the table was rewritten, none when it was not', async () => {
    const parsed = await parse('ALTER TABLE account ADD COLUMN token float DEFAULT random();\n');
    const [add] = parsed.statements;
    const rewrote = traced(add!, { taken: [AE], rewritten: ['public.account'] });
    const rows = { 'public.account': 5_000_000 };
    expect(rules(lockFindings(context(parsed, [rewrote], { rows })))).toEqual([['volatile-default', 'error', 1]]);
    // A constant default: the same statement shape, and PostgreSQL 11+ stores the value once.
    const kept = traced(add!, { taken: [AE] });
    expect(lockFindings(context(parsed, [kept], { rows }))).toEqual([]);
  });

  it('CREATE INDEX on a table created in the same file holds no lock from before: nothing to say', async () => {
    const parsed = await parse('CREATE TABLE fresh (id int);\nCREATE INDEX fresh_id_idx ON fresh (id);\n');
    const [, index] = parsed.statements;
    expect(lockFindings(context(parsed, [traced(index!)]))).toEqual([]);
    const onExisting = await parse('CREATE INDEX account_id_idx ON account (id);\n');
    const share = traced(onExisting.statements[0]!, { taken: [{ relation: 'public.account', modes: ['SHARE'] }] });
    expect(rules(lockFindings(context(onExisting, [share])))).toEqual([['index-not-concurrent', 'warning', 1]]);
  });

  it("the hint for an index built under lock says how in the team's tool", async () => {
    const parsed = await parse('CREATE INDEX account_id_idx ON account (id);\n');
    const share = traced(parsed.statements[0]!, { taken: [{ relation: 'public.account', modes: ['SHARE'] }] });
    const hint = (tool: SafetyContext['tool']) => lockFindings(context(parsed, [share], { tool }))[0]!.hint;
    expect(hint('goose')).toBe(
      'CREATE INDEX CONCURRENTLY, in a migration annotated `-- +goose NO TRANSACTION`; for a constraint, ADD CONSTRAINT … USING INDEX on the index built that way',
    );
    expect(hint('atlas')).toContain('`-- atlas:txmode none`');
    expect(hint('drizzle')).toContain('outside drizzle: its migrator runs every file in one transaction');
    expect(hint('diesel')).toContain('`run_in_transaction = false`');
  });

  it('a full read under ACCESS EXCLUSIVE: a backfill that changes every row it reads, not a lookup', async () => {
    const parsed = await parse('UPDATE account SET active = true;\nUPDATE account SET active = false WHERE id = 1;\n');
    const [backfill, lookup] = parsed.statements;
    const heldEarlier = { alsoHeld: [AE], taken: [{ relation: 'public.account', modes: ['ROW EXCLUSIVE' as const] }] };
    const found = lockFindings(
      context(parsed, [
        traced(backfill!, { ...heldEarlier, scanned: [scan(3, 3)] }),
        // On three rows of test data the planner scans where production uses the primary key.
        traced(lookup!, { ...heldEarlier, scanned: [scan(3, 1)] }),
      ]),
    );
    expect(rules(found)).toEqual([['scan-under-access-exclusive', 'warning', 1]]);
  });

  it('a rewrite explained by its own rule (a type change) is said once', async () => {
    const parsed = await parse('ALTER TABLE account ALTER COLUMN score TYPE bigint;\n');
    const rewrote = traced(parsed.statements[0]!, {
      taken: [AE],
      rewritten: ['public.account'],
      scanned: [scan(3, 0)],
    });
    expect(rules(lockFindings(context(parsed, [rewrote])))).toEqual([['column-type-change', 'warning', 1]]);
  });

  it('VALIDATE CONSTRAINT reads the table under SHARE UPDATE EXCLUSIVE: no finding', async () => {
    const parsed = await parse('ALTER TABLE account VALIDATE CONSTRAINT account_team_fk;\n');
    const validate = traced(parsed.statements[0]!, {
      taken: [{ relation: 'public.account', modes: ['SHARE UPDATE EXCLUSIVE'] }],
      scanned: [scan(3, 0)],
    });
    expect(lockFindings(context(parsed, [validate]))).toEqual([]);
  });
});

describe('severity follows the projected time under the lock', () => {
  it('ten seconds or more: the catalogue severity; one to ten: warning; under one: info; unknown: warning', () => {
    const sized = (rows: number) => ({ rows, from: 'table_sizes' as const });
    expect(severityFor('volatile-default', 'rewrite', sized(2_000_000))).toBe('error');
    expect(severityFor('volatile-default', 'rewrite', sized(500_000))).toBe('warning');
    expect(severityFor('volatile-default', 'rewrite', sized(500))).toBe('info');
    expect(severityFor('set-not-null-scan', 'scan', sized(2_000_000))).toBe('warning');
    expect(severityFor('volatile-default', 'rewrite', undefined)).toBe('warning');
  });
});

describe('missing lock_timeout', () => {
  const sharing = (s: Statement, transaction: number) =>
    traced(s, { taken: [{ relation: 'public.account', modes: ['SHARE'] }], transaction });

  it('SET LOCAL counts only in its own transaction', async () => {
    const parsed = await parse("SET LOCAL lock_timeout = '2s';\nCREATE INDEX account_id_idx ON account (id);\n");
    const [set, index] = parsed.statements;
    const elsewhere = context(parsed, [traced(set!, { transaction: 0 }), sharing(index!, 1)]);
    expect(rules(lockTimeoutFindings(elsewhere))).toEqual([['missing-lock-timeout', 'warning', 2]]);
    const together = context(parsed, [traced(set!, { transaction: 0 }), sharing(index!, 0)]);
    expect(lockTimeoutFindings(together)).toEqual([]);
  });

  it("a session SET, or the runner's own setting, counts; SET … = 0 does not", async () => {
    const parsed = await parse("SET lock_timeout = '2s';\nCREATE INDEX a ON account (id);\n");
    expect(lockTimeoutFindings(context(parsed, [sharing(parsed.statements[1]!, 1)]))).toEqual([]);
    const off = await parse('SET lock_timeout = 0;\nCREATE INDEX a ON account (id);\n');
    expect(lockTimeoutFindings(context(off, [sharing(off.statements[1]!, 1)]))).toHaveLength(1);
    const runner = context(off, [sharing(off.statements[1]!, 1)], { session: { lock_timeout: '3s' } });
    expect(lockTimeoutFindings(runner)).toEqual([]);
  });
});

describe('renames and drops of what existed before', () => {
  const account = table('account', ['id', 'nickname']);

  it('a column from before is a finding; one the migration added itself is not', async () => {
    const parsed = await parse(
      'ALTER TABLE account ADD COLUMN handle text;\nALTER TABLE account RENAME COLUMN handle TO h;\nALTER TABLE account RENAME COLUMN nickname TO n;\nALTER TABLE account DROP COLUMN nickname;\n',
    );
    const found = compatibilityFindings(context(parsed, [], { before: { ...EMPTY, tables: [account] } }));
    expect(rules(found)).toEqual([
      ['rename-existing', 'warning', 3],
      ['drop-existing-column', 'warning', 4],
    ]);
  });

  it('a rename whose old name still answers afterwards (a view over the new table, the expand step) is nothing', async () => {
    const parsed = await parse('ALTER TABLE team RENAME TO workspace;\nCREATE VIEW team AS SELECT * FROM workspace;\n');
    const team = table('team', ['id']);
    const before = { ...EMPTY, tables: [team] };
    const kept = { ...EMPTY, tables: [table('workspace', ['id']), view('team', ['public.workspace'])] };
    expect(compatibilityFindings(context(parsed, [], { before, after: kept }))).toEqual([]);
    const gone = { ...EMPTY, tables: [table('workspace', ['id'])] };
    expect(rules(compatibilityFindings(context(parsed, [], { before, after: gone })))).toEqual([
      ['rename-existing', 'warning', 1],
    ]);
  });

  it('DROP TABLE and DROP SCHEMA of what existed; IF EXISTS of what never did is nothing', async () => {
    const parsed = await parse('DROP TABLE team;\nDROP TABLE IF EXISTS ghost;\nDROP SCHEMA archive CASCADE;\n');
    const found = compatibilityFindings(context(parsed, [], { before: { ...EMPTY, schemas: ['archive', 'public'] } }));
    expect(rules(found)).toEqual([
      ['drop-existing-table', 'warning', 1],
      ['drop-existing-schema', 'warning', 3],
    ]);
  });
});

describe('catalog facts', () => {
  it('an index duplicating one from before is a finding; a unique one over a plain one is not', async () => {
    const parsed = await parse(
      'CREATE INDEX account_email_again ON account (email);\nCREATE UNIQUE INDEX account_email_key ON account (email);\n',
    );
    const before = { ...EMPTY, indexes: [index('account', 'account_email', ['email'])] };
    const after = {
      ...before,
      indexes: [
        ...before.indexes,
        index('account', 'account_email_again', ['email']),
        index('account', 'account_email_key', ['email'], { unique: true }),
      ],
    };
    const found = duplicateIndexFindings(context(parsed, [], { before, after }));
    expect(found.map((f) => [f.rule, f.line, f.message])).toEqual([
      ['duplicate-index', 1, 'index account_email_again duplicates account_email, which account already had'],
    ]);
  });

  it('keys with another operator class or collation are no duplicate; the direction of a single key does not count', async () => {
    const parsed = await parse(
      [
        'CREATE INDEX account_email_pattern ON account (email text_pattern_ops);',
        'CREATE INDEX account_email_c ON account (email COLLATE "C");',
        'CREATE INDEX account_email_desc ON account (email DESC);',
        'CREATE INDEX account_team_email_desc ON account (team_id, email DESC);',
        '',
      ].join('\n'),
    );
    const defined = (name: string, columns: string[], keys: string) =>
      index('account', name, columns, { definition: `CREATE INDEX ${name} ON public.account USING btree (${keys})` });
    const before = {
      ...EMPTY,
      indexes: [
        index('account', 'account_email', ['email']),
        index('account', 'account_team_email', ['team_id', 'email']),
      ],
    };
    const after = {
      ...before,
      indexes: [
        ...before.indexes,
        defined('account_email_pattern', ['email'], 'email text_pattern_ops'),
        defined('account_email_c', ['email'], 'email COLLATE "C"'),
        defined('account_email_desc', ['email'], 'email DESC'),
        defined('account_team_email_desc', ['team_id', 'email'], 'team_id, email DESC'),
      ],
    };
    const found = duplicateIndexFindings(context(parsed, [], { before, after }));
    expect(found.map((f) => [f.line, f.message])).toEqual([
      [3, 'index account_email_desc duplicates account_email, which account already had'],
    ]);
  });

  it('a name cut by the server is placed at its spelling in the migration', async () => {
    const name = 'x'.repeat(70);
    const parsed = await parse(`CREATE TABLE t (id int);\nCREATE TABLE ${name} (id int);\n`);
    const truncations = [{ identifier: name, truncatedTo: name.slice(0, 63) }];
    const [found] = truncationFindings(context(parsed, [], { truncations }));
    expect(found).toMatchObject({ rule: 'identifier-truncated', line: 2, column: 14, object: name.slice(0, 63) });
  });
});

describe('a NOT NULL column added with nothing to fill it', () => {
  /** Each statement of `sql` traced; those on account took ACCESS EXCLUSIVE and read its (empty) table. */
  async function found(sql: string, rows?: number) {
    const parsed = await parse(sql);
    const statements = parsed.statements.map((statement) =>
      statement.references.some((r) => r.object.name === 'account')
        ? traced(statement, { taken: [AE], scanned: [scan(0, 0)] })
        : traced(statement),
    );
    const ctx = context(parsed, statements, rows === undefined ? {} : { rows: { 'public.account': rows } });
    return { required: requiredColumnFindings(ctx), locks: lockFindings(ctx) };
  }

  it('fails on any row: an error where production has rows, a warning where its size is unknown', async () => {
    const sized = await found('ALTER TABLE account ADD COLUMN plan text NOT NULL;\n', 20_000_000);
    expect(sized.required).toEqual([
      expect.objectContaining({
        rule: 'required-column-without-default',
        severity: 'error',
        line: 1,
        column: 32,
        object: 'account.plan',
        message:
          'ADD COLUMN plan is NOT NULL with nothing to fill it: it fails on account, which has ≈ 20 M rows in production (table_sizes); the test data had none',
      }),
    ]);
    // The NOT NULL check's scan is that failure, not a second finding.
    expect(sized.locks).toEqual([]);
    const unknown = await found('ALTER TABLE account ADD COLUMN plan text PRIMARY KEY;\n');
    expect(rules(unknown.required)).toEqual([['required-column-without-default', 'warning', 1]]);
    expect(unknown.required[0]!.message).toBe(
      'ADD COLUMN plan is NOT NULL with nothing to fill it: it fails if account has a single row (the test data had none, and its size in production is unknown)',
    );
  });

  it('says nothing where every row gets a value, the table is empty in production or emptied first', async () => {
    for (const column of [
      "plan text NOT NULL DEFAULT 'free'",
      'plan bigint GENERATED ALWAYS AS IDENTITY NOT NULL',
      'plan bigserial NOT NULL',
      'plan int NOT NULL GENERATED ALWAYS AS (id * 2) STORED',
      'plan text',
    ]) {
      expect((await found(`ALTER TABLE account ADD COLUMN ${column};\n`, 20_000_000)).required).toEqual([]);
    }
    expect((await found('ALTER TABLE account ADD COLUMN plan text NOT NULL;\n', 0)).required).toEqual([]);
    const emptied = await found(
      'DELETE FROM account;\nALTER TABLE account ADD COLUMN plan text NOT NULL;\n',
      20_000_000,
    );
    expect(emptied.required).toEqual([]);
    // A table the migration creates held no lock from before: it has no rows to refuse the column.
    const created = await found('CREATE TABLE plan (id int);\nALTER TABLE plan ADD COLUMN tier text NOT NULL;\n');
    expect(created.required).toEqual([]);
  });
});

describe('the report entry of a traced statement', () => {
  it('names the strongest lock, how long it was held, and what it means at production size', async () => {
    const parsed = await parse('ALTER TABLE account ADD COLUMN token float DEFAULT random();\n');
    const statement = traced(parsed.statements[0]!, {
      taken: [{ relation: 'public.account', modes: ['SHARE', 'ACCESS EXCLUSIVE'] }],
      rewritten: ['public.account'],
      scanned: [scan(3, 0)],
    });
    const { trace } = context(parsed, [statement], { rows: { 'public.account': 12_000_000 } });
    expect(reportEntry(trace, statement)).toEqual({
      line: 1,
      statement: 'AlterTableStmt',
      locks: [
        { relation: 'public.account', modes: ['SHARE', 'ACCESS EXCLUSIVE'], rows: 12_000_000, rowsFrom: 'table_sizes' },
      ],
      rewritten: ['public.account'],
      scanned: [{ relation: 'public.account', rowsRead: 3 }],
      strongestLock: { relation: 'public.account', mode: 'ACCESS EXCLUSIVE', heldMs: 50 },
      impact: 'rewrites account (≈ 12 M rows, table_sizes) under ACCESS EXCLUSIVE: blocks reads and writes for minutes',
    });
  });
});

function scan(rowsRead: number, rowsChanged: number): Scan {
  return { relation: 'public.account', scans: 1, rowsRead, rowsChanged };
}
