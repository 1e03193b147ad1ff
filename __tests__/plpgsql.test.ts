import { describe, expect, it } from 'vitest';
import { parseSql } from '../src/migrations/parse.js';
import type { Statement } from '../src/migrations/model.js';
import type { GateReport, TaskId } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { brief, posOf } from './helpers/positions.js';
import { makeRepo } from './helpers/repo.js';

async function statements(lines: string[]): Promise<{ text: string; statements: Statement[] }> {
  const text = lines.join('\n');
  const parsed = await parseSql(text, 'x.sql');
  expect(parsed.syntaxError).toBeUndefined();
  return { text, statements: parsed.statements };
}

async function single(lines: string[]): Promise<{ text: string; block: Statement }> {
  const {
    text,
    statements: [block, ...more],
  } = await statements(lines);
  expect(more).toEqual([]);
  return { text, block: block! };
}

describe('DO blocks: what they create, reference and drop', () => {
  it('DO … EXCEPTION WHEN duplicate_object: creates the enum, at its exact place after multi-byte characters', async () => {
    const { text, block } = await single([
      '-- Bestellstatus — geprüft von Jürgen 🚀',
      'DO $$ BEGIN',
      "  RAISE NOTICE 'ü—ü';",
      "  /* für — */ CREATE TYPE order_status AS ENUM ('new', 'paid');",
      'EXCEPTION WHEN duplicate_object THEN NULL;',
      'END $$;',
    ]);
    expect(block.kind).toBe('DoStmt');
    expect(block.creates).toEqual([
      {
        kind: 'type',
        name: 'order_status',
        position: posOf(text, 'order_status'),
        details: { kind: 'type', enumValues: ['new', 'paid'] },
      },
    ]);
    expect(posOf(text, 'order_status')).toEqual({ line: 4, column: 27 });
    expect(block.references).toEqual([]);
    expect(block.drops).toEqual([]);
  });

  it('IF NOT EXISTS (SELECT … FROM pg_type …): creates the enum; the condition is no prerequisite', async () => {
    const { block } = await single([
      'DO $$',
      'BEGIN',
      "  IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN app_registry r ON true WHERE t.typname = 'order_status') THEN",
      "    CREATE TYPE app.order_status AS ENUM ('new', 'paid');",
      '  END IF;',
      'END $$;',
    ]);
    expect(block.creates.map((c) => [c.kind, c.schema, c.name])).toEqual([['type', 'app', 'order_status']]);
    // Its schema too is needed on that path only.
    expect(block.references).toEqual([]);
  });

  it('EXECUTE of literals: ALTER TABLE and CREATE INDEX analysed as if written at top level, positions inside the strings', async () => {
    const { text, block } = await single([
      'DO $do$',
      'DECLARE name text := $$orders_status_idx$$;',
      'BEGIN',
      "  EXECUTE 'ALTER TABLE orders ADD COLUMN note text, ' || 'ADD CONSTRAINT orders_customer_fk '",
      "    || 'FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE';",
      '  EXECUTE $q$CREATE INDEX orders_created_idx ON orders (created_at)$q$;',
      "  EXECUTE 'CREATE INDEX ' || name || ' ON orders (status)';",
      "  EXECUTE format('CREATE INDEX %I ON orders (status)', name);",
      "  EXECUTE 'COMMENT ON TABLE orders IS ''it''''s'' ; CREATE INDEX ON ledger (it_s)';",
      'END $do$;',
    ]);
    expect(block.creates.map((c) => [c.kind, c.name, c.position])).toEqual([
      ['index', 'orders_created_idx', posOf(text, 'orders_created_idx')],
      ['index', 'ledger_it_s_idx', posOf(text, 'CREATE INDEX ON ledger')],
    ]);
    expect(block.references.map((r) => [...brief([r]), r.position])).toEqual([
      ['alter table orders', posOf(text, 'orders ADD COLUMN')],
      ['type type text', posOf(text, "text, '")],
      ['foreign-key table customers', posOf(text, 'customers')],
      ['index-table table orders', posOf(text, 'orders (created_at)')],
      ['other table orders', posOf(text, "orders IS ''it")],
      ['index-table table ledger', posOf(text, 'ledger')],
    ]);
    expect(block.addsForeignKeys).toEqual([
      {
        table: { name: 'orders' },
        foreignKey: {
          name: 'orders_customer_fk',
          columns: ['customer_id'],
          refTable: { name: 'customers' },
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
          position: posOf(text, 'customers'),
        },
      },
    ]);
  });

  it('a DROP inside a DO block (and inside a branch) is a drop of the statement', async () => {
    const { block } = await single([
      'DO $$ BEGIN',
      '  DROP TABLE IF EXISTS legacy_orders;',
      "  IF EXISTS (SELECT FROM pg_type WHERE typname = 'legacy_status') THEN",
      '    DROP TYPE legacy_status;',
      '  END IF;',
      'END $$;',
    ]);
    expect(block.drops).toEqual([
      { kind: 'table', name: 'legacy_orders' },
      { kind: 'type', name: 'legacy_status' },
    ]);
    expect(block.references).toEqual([]);
  });

  it('what only some paths reference (IF and CASE branches, exception handlers) is no prerequisite; what runs always is', async () => {
    const { text, block } = await single([
      'DO $$',
      'DECLARE n int;',
      'BEGIN',
      '  SELECT count(*) INTO n FROM customers WHERE active;',
      '  PERFORM audit.log_event(n);',
      '  IF n > 0 THEN',
      '    INSERT INTO maybe_missing VALUES (n);',
      '  ELSIF n < 0 THEN',
      '    PERFORM elsif_fn();',
      '  ELSE',
      '    ALTER TABLE else_table ADD COLUMN x int;',
      '  END IF;',
      '  CASE n WHEN 1 THEN UPDATE case_table SET a = 1; ELSE NULL; END CASE;',
      'EXCEPTION WHEN undefined_table THEN',
      '  CREATE TABLE fallback (id int);',
      'END $$;',
    ]);
    expect(block.references.map((r) => [...brief([r]), r.position])).toEqual([
      ['function-call function count', posOf(text, 'count')],
      ['from table customers', posOf(text, 'customers')],
      ['function-call function audit.log_event', posOf(text, 'audit.log_event')],
      ['schema schema audit', posOf(text, 'audit.log_event')],
    ]);
    expect(block.creates.map((c) => c.name)).toEqual(['fallback']);
  });

  it('objects created earlier in the same DO block satisfy its later references', async () => {
    const { block } = await single([
      'DO $$ BEGIN',
      "  CREATE TYPE shipment_state AS ENUM ('packed', 'sent');",
      '  CREATE TABLE shipments (id int PRIMARY KEY, state shipment_state);',
      '  CREATE INDEX shipments_state_idx ON shipments (state);',
      '  INSERT INTO shipments VALUES (1, NULL);',
      'END $$;',
    ]);
    expect(block.creates.map((c) => c.name)).toEqual(['shipment_state', 'shipments', 'shipments_state_idx']);
    expect(block.references).toEqual([]);
  });

  it('what a block drops and creates again is created, not dropped', async () => {
    const { block } = await single([
      'DO $$ BEGIN',
      '  DROP TYPE IF EXISTS mood;',
      "  CREATE TYPE mood AS ENUM ('ok');",
      '  CREATE TABLE scratch (id int);',
      '  DROP TABLE scratch;',
      'END $$;',
    ]);
    expect(block.creates.map((c) => c.name)).toEqual(['mood']);
    expect(block.drops).toEqual([{ kind: 'table', name: 'scratch' }]);
  });

  it('SELECT … INTO and PERFORM are located where written; a quoted body maps through its doubled quotes', async () => {
    const {
      text,
      statements: [into, quoted],
    } = await statements([
      'DO $$ DECLARE n int; BEGIN',
      '  SELECT id INTO STRICT n',
      '    FROM orders_ü WHERE id = 1; PERFORM touch_ü(n);',
      'END $$;',
      "DO LANGUAGE plpgsql 'BEGIN CREATE TABLE \"it''s\" (s order_status); END';",
    ]);
    expect(into?.references.map((r) => [r.object.name, r.position])).toEqual([
      ['orders_ü', posOf(text, 'orders_ü')],
      ['touch_ü', posOf(text, 'touch_ü')],
    ]);
    expect(quoted?.creates.map((c) => [c.name, c.position])).toEqual([["it's", posOf(text, '"it')]]);
    expect(quoted?.references.map((r) => [r.object.name, r.position])).toEqual([
      ['order_status', posOf(text, 'order_status')],
    ]);
  });

  it('a body that does not parse is no error of the migration: nothing is collected from it', async () => {
    const { statements: blocks } = await statements([
      "DO $$ BEGIN CREAT TYPE broken AS ENUM ('x'); END $$;",
      "DO $$ BEGIN CREATE TYPE fine AS ENUM ('x'); RETURN QUERY SELECT 1; END $$;",
      "DO LANGUAGE plperl $$ CREATE TYPE perl AS ENUM ('x') $$;",
    ]);
    expect(blocks.map((b) => b.kind)).toEqual(['DoStmt', 'DoStmt', 'DoStmt']);
    for (const block of blocks) {
      expect(block.creates).toEqual([]);
      expect(block.references).toEqual([]);
    }
  });
});

describe('CREATE FUNCTION … LANGUAGE plpgsql', () => {
  it('describes what its body would do, every branch included, without making it a prerequisite', async () => {
    const { text, block: fn } = await single([
      'CREATE FUNCTION orders_audit() RETURNS trigger LANGUAGE plpgsql AS $$',
      'BEGIN',
      "  IF TG_OP = 'DELETE' THEN",
      '    INSERT INTO orders_archive SELECT OLD.*;',
      '  END IF;',
      '  UPDATE order_counts SET n = n + 1;',
      '  RETURN NEW;',
      'END $$;',
    ]);
    expect(fn.references).toEqual([]);
    const details = fn.creates[0]?.details;
    expect(details?.kind === 'function' && details.body).toEqual({
      creates: [],
      references: [
        { object: { kind: 'table', name: 'orders_archive' }, role: 'from', position: posOf(text, 'orders_archive') },
        { object: { kind: 'table', name: 'order_counts' }, role: 'from', position: posOf(text, 'order_counts') },
      ],
      drops: [],
    });
  });
});

describe('DO blocks through the CLI', () => {
  const repo = (): string =>
    makeRepo({
      'migrations/0001_types.sql': [
        'DO $$ BEGIN',
        "  CREATE TYPE order_status AS ENUM ('new', 'paid');",
        'EXCEPTION WHEN duplicate_object THEN NULL;',
        'END $$;',
        '',
      ].join('\n'),
      'migrations/0002_orders.sql': [
        'CREATE TABLE orders (',
        '  id bigint PRIMARY KEY,',
        "  status order_status NOT NULL DEFAULT 'new'",
        ');',
        '',
      ].join('\n'),
      'migrations/0002_orders.down.sql': 'DROP TABLE orders;\n',
      'migrations/0003_shipments.sql': [
        '-- Versand — Größe prüfen',
        'DO $$',
        'BEGIN',
        "  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'shipment_state') THEN",
        "    CREATE TYPE shipment_state AS ENUM ('packed', 'sent');",
        '  END IF;',
        'END $$;',
        'CREATE TABLE shipments (id bigint PRIMARY KEY, state shipment_state NOT NULL);',
        '',
      ].join('\n'),
      'migrations/0003_shipments.down.sql': 'DROP TABLE shipments;\nDROP TYPE shipment_state;\n',
    });

  async function gate(dir: string, target: string): Promise<{ report: GateReport; status: Record<TaskId, string> }> {
    const run = await runCli(['check', '--dir', 'migrations', '--target', target, '--format', 'json', '-q'], dir);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(run.code).toBe(report.verdict === 'APPROVED' ? 0 : 1);
    const status = Object.fromEntries(report.tasks.map((t) => [t.id, t.status])) as Record<TaskId, string>;
    return { report, status };
  }

  it('a table using an enum an earlier migration created in a DO block: APPROVED', async () => {
    const { report, status } = await gate(repo(), '0002_orders.sql');
    expect(report.findings.filter((f) => f.object === 'order_status')).toEqual([]);
    expect(status.readiness).not.toBe('FAIL');
    expect(report.verdict).toBe('APPROVED');
  });

  it('an enum created in a DO block and used in the same file: APPROVED, enums PASS', async () => {
    const { report, status } = await gate(repo(), '0003_shipments.sql');
    expect(report.findings.filter((f) => f.object === 'shipment_state')).toEqual([]);
    expect(status.enums).toBe('PASS');
    expect(report.tasks.find((t) => t.id === 'enums')?.summary).toContain('1 enum type');
    expect(report.verdict).toBe('APPROVED');
  });
});
