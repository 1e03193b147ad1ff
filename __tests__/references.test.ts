import { existsSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseSql } from '../src/migrations/parse.js';
import type { Statement } from '../src/migrations/model.js';
import { brief, posOf } from './helpers/positions.js';

async function one(text: string): Promise<Statement> {
  const parsed = await parseSql(text, 'x.sql');
  expect(parsed.syntaxError).toBeUndefined();
  expect(parsed.statements).toHaveLength(1);
  return parsed.statements[0]!;
}

describe('CREATE TABLE', () => {
  const text = [
    '-- sync tables — reviewed by Jürgen',
    'CREATE TABLE IF NOT EXISTS sync_progress (',
    '    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),',
    '    org_id       UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,',
    '    parent_id    UUID REFERENCES sync_progress(id),',
    '    initiated_by UUID REFERENCES auth.users_extended ON DELETE SET NULL ON UPDATE RESTRICT,',
    '    status       sync_status_type NOT NULL,',
    '    total        INTEGER NOT NULL DEFAULT 0,',
    '    CONSTRAINT same_org FOREIGN KEY (initiated_by, org_id)',
    '        REFERENCES auth.users_extended (id, org_id) ON DELETE SET DEFAULT',
    ');',
  ].join('\n');

  it('reports the foreign-key target token of every FK', async () => {
    const s = await one(text);
    const fks = s.references.filter((r) => r.role === 'foreign-key');
    expect(fks.map((r) => [r.object.schema, r.object.name, r.position])).toEqual([
      [undefined, 'organization', posOf(text, 'organization')],
      ['auth', 'users_extended', posOf(text, 'auth.users_extended')],
      ['auth', 'users_extended', posOf(text, 'auth.users_extended', 2)],
    ]);
    // A schema-qualified reference also needs its schema, at the same place.
    const schemas = s.references.filter((r) => r.object.kind === 'schema');
    expect(schemas.map((r) => [r.object.name, r.role, r.position])).toEqual([
      ['auth', 'schema', posOf(text, 'auth.users_extended')],
      ['auth', 'schema', posOf(text, 'auth.users_extended', 2)],
    ]);
  });

  it('excludes its own self-referencing FK and pg_catalog types, keeps user types and functions', async () => {
    const s = await one(text);
    expect(s.references.some((r) => r.object.name === 'sync_progress')).toBe(false);
    expect(s.references.some((r) => r.object.name === 'int4')).toBe(false);
    expect(brief(s.references)).toContain('type type sync_status_type');
    expect(brief(s.references)).toContain('function-call function gen_random_uuid');
    expect(s.references.find((r) => r.object.name === 'sync_status_type')?.position).toEqual(
      posOf(text, 'sync_status_type'),
    );
  });

  it('describes columns and foreign keys', async () => {
    const s = await one(text);
    expect(s.creates).toHaveLength(1);
    const table = s.creates[0]!;
    expect(table).toMatchObject({ kind: 'table', name: 'sync_progress', position: posOf(text, 'sync_progress (') });
    expect(table.schema).toBeUndefined();
    expect(table.details).toEqual({
      kind: 'table',
      columns: ['id', 'org_id', 'parent_id', 'initiated_by', 'status', 'total'],
      partitioned: false,
      foreignKeys: [
        {
          columns: ['org_id'],
          refTable: { name: 'organization' },
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
          position: posOf(text, 'organization'),
        },
        {
          columns: ['parent_id'],
          refTable: { name: 'sync_progress' },
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
          position: posOf(text, 'sync_progress(id)'),
        },
        {
          columns: ['initiated_by'],
          refTable: { schema: 'auth', name: 'users_extended' },
          refColumns: [],
          onDelete: 'SET NULL',
          onUpdate: 'RESTRICT',
          position: posOf(text, 'auth.users_extended'),
        },
        {
          name: 'same_org',
          columns: ['initiated_by', 'org_id'],
          refTable: { schema: 'auth', name: 'users_extended' },
          refColumns: ['id', 'org_id'],
          onDelete: 'SET DEFAULT',
          onUpdate: 'NO ACTION',
          position: posOf(text, 'auth.users_extended', 2),
        },
      ],
    });
  });

  it('handles partitioned tables and PARTITION OF', async () => {
    const text2 = [
      'CREATE TABLE log (id bigint, created_at timestamptz, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);',
      "CREATE TABLE log_2025 PARTITION OF log FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      'CREATE TABLE s.log_default PARTITION OF s.log DEFAULT;',
    ].join('\n');
    const { statements } = await parseSql(text2, 'x.sql');
    expect(statements[0]?.creates[0]?.details).toMatchObject({
      kind: 'table',
      partitioned: true,
      columns: ['id', 'created_at'],
    });
    expect(statements[1]?.creates[0]?.details).toMatchObject({ partitioned: false, partitionOf: { name: 'log' } });
    expect(statements[1]?.references.map((r) => [r.object.name, r.position])).toContainEqual([
      'log',
      posOf(text2, 'log FOR'),
    ]);
    expect(statements[2]?.creates[0]).toMatchObject({ schema: 's', name: 'log_default' });
    expect(statements[2]?.creates[0]?.details).toMatchObject({ partitionOf: { schema: 's', name: 'log' } });
  });

  it('handles CREATE TABLE AS, SELECT INTO, views and sequences', async () => {
    const text2 = [
      'CREATE TABLE copy AS SELECT * FROM src',
      'SELECT * INTO copy2 FROM src2',
      'CREATE MATERIALIZED VIEW mv AS WITH x AS (SELECT 1) SELECT * FROM x, src3 s',
      'CREATE VIEW app.v AS SELECT * FROM src4',
      'CREATE SEQUENCE seq',
    ].join(';\n');
    const { statements } = await parseSql(text2, 'x.sql');
    expect(statements.map((s) => s.creates.map((c) => `${c.kind} ${c.schema ?? ''}.${c.name}`))).toEqual([
      ['table .copy'],
      ['table .copy2'],
      ['view .mv'],
      ['view app.v'],
      ['sequence .seq'],
    ]);
    expect(statements.map((s) => brief(s.references))).toEqual([
      ['from table src'],
      ['from table src2'],
      // the CTE `x` and the alias `s` are not tables
      ['from table src3'],
      ['schema schema app', 'from table src4'],
      [],
    ]);
  });
});

describe('ALTER TABLE … ADD FOREIGN KEY', () => {
  it('records the FK target as a reference and creates nothing', async () => {
    const text = [
      'ALTER TABLE sync_progress',
      '    ADD CONSTRAINT fk FOREIGN KEY (initiated_by, org_id)',
      '    REFERENCES auth.users_extended (id, org_id) ON DELETE SET NULL (initiated_by);',
    ].join('\n');
    const s = await one(text);
    expect(s.creates).toEqual([]);
    expect(brief(s.references)).toEqual([
      'alter table sync_progress',
      'foreign-key table auth.users_extended',
      'schema schema auth',
    ]);
    expect(s.references[1]?.position).toEqual(posOf(text, 'auth.users_extended'));
    expect(s.references[0]?.position).toEqual(posOf(text, 'sync_progress'));
  });
});

describe('CREATE POLICY', () => {
  const text = [
    '-- Row level security — multi-tenant',
    'CREATE POLICY progress_update ON sync_progress',
    '    AS RESTRICTIVE FOR UPDATE TO authenticated',
    '    USING (EXISTS (SELECT 1 FROM auth.users_extended u',
    '                   WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));',
  ].join('\n');

  it('references the table, auth.users_extended, auth.uid() and the auth schema', async () => {
    const s = await one(text);
    expect(s.references.map((r) => [...brief([r]), r.position])).toEqual([
      ['policy table sync_progress', posOf(text, 'sync_progress')],
      ['other role authenticated', posOf(text, 'authenticated')],
      ['from table auth.users_extended', posOf(text, 'auth.users_extended')],
      ['schema schema auth', posOf(text, 'auth.users_extended')],
      ['function-call function auth.uid', posOf(text, 'auth.uid')],
      ['schema schema auth', posOf(text, 'auth.uid')],
    ]);
  });

  it('describes the policy', async () => {
    const s = await one(text);
    expect(s.creates).toEqual([
      {
        kind: 'policy',
        name: 'progress_update',
        table: { name: 'sync_progress' },
        position: posOf(text, 'progress_update'),
        details: { kind: 'policy', command: 'UPDATE', permissive: false, roles: ['authenticated'] },
      },
    ]);
    const plain = await one('CREATE POLICY p ON t USING (true)');
    expect(plain.creates[0]?.details).toEqual({ kind: 'policy', command: 'ALL', permissive: true, roles: ['public'] });
  });
});

describe('CREATE TRIGGER and CREATE FUNCTION', () => {
  it('describes the trigger and locates its function', async () => {
    const text = [
      'CREATE TRIGGER sync_progress_log_status_change',
      '    AFTER UPDATE OF status OR DELETE ON app.sync_progress',
      '    FOR EACH ROW',
      '    WHEN (OLD.status IS DISTINCT FROM NEW.status)',
      '    EXECUTE FUNCTION audit.log_change();',
    ].join('\n');
    const s = await one(text);
    expect(s.creates).toEqual([
      {
        kind: 'trigger',
        name: 'sync_progress_log_status_change',
        table: { schema: 'app', name: 'sync_progress' },
        position: posOf(text, 'sync_progress_log_status_change'),
        details: {
          kind: 'trigger',
          timing: 'AFTER',
          events: ['UPDATE', 'DELETE'],
          forEach: 'ROW',
          function: { schema: 'audit', name: 'log_change' },
        },
      },
    ]);
    expect(s.references.map((r) => [...brief([r]), r.position])).toEqual([
      ['trigger-table table app.sync_progress', posOf(text, 'app.sync_progress')],
      ['schema schema app', posOf(text, 'app.sync_progress')],
      ['trigger-function function audit.log_change', posOf(text, 'audit.log_change')],
      ['schema schema audit', posOf(text, 'audit.log_change')],
    ]);
  });

  it('maps BEFORE / INSTEAD OF, statement level and TRUNCATE', async () => {
    const { statements } = await parseSql(
      'CREATE TRIGGER a BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE PROCEDURE f();\n' +
        'CREATE TRIGGER b INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION g();\n' +
        'CREATE TRIGGER c AFTER TRUNCATE ON t EXECUTE FUNCTION h();',
      'x.sql',
    );
    expect(statements.map((s) => s.creates[0]?.details)).toEqual([
      { kind: 'trigger', timing: 'BEFORE', events: ['INSERT', 'UPDATE'], forEach: 'ROW', function: { name: 'f' } },
      { kind: 'trigger', timing: 'INSTEAD OF', events: ['INSERT'], forEach: 'ROW', function: { name: 'g' } },
      { kind: 'trigger', timing: 'AFTER', events: ['TRUNCATE'], forEach: 'STATEMENT', function: { name: 'h' } },
    ]);
  });

  it('describes functions; what their bodies name is no prerequisite of creating them', async () => {
    const text = [
      'CREATE OR REPLACE FUNCTION app.touch(p_status sync_status_type) RETURNS trigger',
      '    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public',
      'AS $$ BEGIN PERFORM missing_fn(); INSERT INTO missing_table VALUES (1); RETURN NEW; END $$;',
    ].join('\n');
    const s = await one(text);
    expect(s.creates).toEqual([
      {
        kind: 'function',
        schema: 'app',
        name: 'touch',
        position: posOf(text, 'app.touch'),
        details: {
          kind: 'function',
          language: 'plpgsql',
          returnsTrigger: true,
          body: {
            creates: [],
            references: [
              {
                object: { kind: 'function', name: 'missing_fn' },
                role: 'function-call',
                position: posOf(text, 'missing_fn'),
              },
              {
                object: { kind: 'table', name: 'missing_table' },
                role: 'from',
                position: posOf(text, 'missing_table'),
              },
            ],
            drops: [],
          },
        },
      },
    ]);
    expect(brief(s.references)).toEqual(['schema schema app', 'type type sync_status_type']);
  });
});

describe('types, indexes and other objects', () => {
  it('keeps enum values in order', async () => {
    const text = "CREATE TYPE sync_status_type AS ENUM ('pending', 'running', 'completed_with_errors', 'Ünïcode');";
    const s = await one(text);
    expect(s.creates).toEqual([
      {
        kind: 'type',
        name: 'sync_status_type',
        position: posOf(text, 'sync_status_type'),
        details: { kind: 'type', enumValues: ['pending', 'running', 'completed_with_errors', 'Ünïcode'] },
      },
    ]);
  });

  it('handles composite types, domains, schemas, extensions and roles', async () => {
    const { statements } = await parseSql(
      [
        'CREATE TYPE money_pair AS (a numeric, c currency_code)',
        "CREATE DOMAIN currency_code AS text CHECK (VALUE <> '')",
        'CREATE SCHEMA IF NOT EXISTS "Auth"',
        'CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions',
        'CREATE ROLE app_reader LOGIN IN ROLE app_base',
      ].join(';\n'),
      'x.sql',
    );
    expect(statements.map((s) => s.creates.map((c) => `${c.kind} ${c.name}`))).toEqual([
      ['type money_pair'],
      ['type currency_code'],
      ['schema Auth'],
      ['extension pgcrypto'],
      ['role app_reader'],
    ]);
    expect(statements.map((s) => brief(s.references))).toEqual([
      ['type type currency_code'],
      ['type type text'],
      [],
      ['schema schema extensions'],
      ['other role app_base'],
    ]);
  });

  it('describes indexes, named and unnamed', async () => {
    const text = [
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_progress_org ON app.sync_progress (org_id, started_at DESC)',
      'CREATE INDEX ON sync_progress (org_id, lower(connector))',
      'CREATE INDEX ON sync_progress USING gin (details jsonb_path_ops) INCLUDE (org_id)',
    ].join(';\n');
    const { statements } = await parseSql(text, 'x.sql');
    expect(statements[0]?.creates).toEqual([
      {
        kind: 'index',
        schema: 'app',
        name: 'idx_progress_org',
        table: { schema: 'app', name: 'sync_progress' },
        position: posOf(text, 'idx_progress_org'),
        details: { kind: 'index', columns: ['org_id', 'started_at'], unique: true, concurrently: true },
      },
    ]);
    expect(statements[0]?.nonTransactional).toBe(true);
    expect(brief(statements[0]!.references)).toEqual(['index-table table app.sync_progress', 'schema schema app']);
    // PostgreSQL's default names (checked against PostgreSQL 17).
    expect(statements[1]?.creates[0]).toMatchObject({
      name: 'sync_progress_org_id_lower_idx',
      details: { columns: ['org_id', 'lower(connector)'] },
    });
    expect(statements[2]?.creates[0]?.name).toBe('sync_progress_details_org_id_idx');
    expect(brief(statements[1]!.references)).toEqual([
      'index-table table sync_progress',
      'function-call function lower',
    ]);
  });

  it('skips pg_catalog functions and types, CTE names and column references', async () => {
    const text = [
      "WITH recent AS (SELECT * FROM sync_progress WHERE started_at > now() - interval '1 day')",
      'SELECT pg_catalog.now(), extract(epoch FROM r.started_at), r.id::text, cast(r.total AS int), app.f(r.id)',
      'FROM recent r JOIN app.sync_activity_log l ON l.sync_progress_id = r.id',
    ].join('\n');
    const s = await one(text);
    expect(brief(s.references)).toEqual([
      'from table sync_progress',
      'function-call function now',
      'type type text',
      'function-call function app.f',
      'schema schema app',
      'from table app.sync_activity_log',
      'schema schema app',
    ]);
  });

  it('finds functions and tables named by GRANT and COMMENT', async () => {
    const text = [
      'GRANT EXECUTE ON FUNCTION auth.uid() TO authenticated',
      'GRANT SELECT ON sync_progress TO anon',
      "COMMENT ON COLUMN sync_progress.status IS 'x'",
      "ALTER TYPE sync_status_type ADD VALUE 'archived'",
    ].join(';\n');
    const { statements } = await parseSql(text, 'x.sql');
    expect(statements.map((s) => brief(s.references))).toEqual([
      ['other function auth.uid', 'schema schema auth', 'other role authenticated'],
      ['other table sync_progress', 'other role anon'],
      ['other table sync_progress'],
      ['alter type sync_status_type'],
    ]);
    expect(statements[2]?.references[0]?.position).toEqual(posOf(text, 'sync_progress.status'));
    expect(statements[3]?.references[0]?.position).toEqual(posOf(text, 'sync_status_type ADD'));
  });
});

const MIGRATION_0024 = 'examples/sync-0024/database/migrations/0024_sync_preview_progress_logs.sql';

describe.skipIf(!existsSync(MIGRATION_0024))('migration 0024 (the seed story)', () => {
  it('finds every object and the first REFERENCES organization', async () => {
    const text = readFileSync(MIGRATION_0024, 'utf8');
    const parsed = await parseSql(text, MIGRATION_0024);
    expect(parsed.syntaxError).toBeUndefined();
    expect(parsed.managesTransaction).toBe(true);
    const creates = parsed.statements.flatMap((s) => s.creates);
    const count = (kind: string): number => creates.filter((c) => c.kind === kind).length;
    expect(count('policy')).toBe(12);
    expect(count('index')).toBe(15);
    expect(creates.filter((c) => c.details?.kind === 'type' && c.details.enumValues).length).toBe(4);
    expect(count('function')).toBe(5);
    expect(count('trigger')).toBe(5);

    const refs = parsed.statements.flatMap((s) => s.references);
    const organization = refs.find((r) => r.object.name === 'organization' && r.role === 'foreign-key');
    const line = text.split('\n').findIndex((l) => /REFERENCES organization\b/.test(l));
    expect(organization?.position).toEqual({
      line: line + 1,
      column: text.split('\n')[line]!.indexOf('organization') + 1,
    });
    expect(refs.some((r) => r.object.kind === 'schema' && r.object.name === 'auth')).toBe(true);
    expect(refs.some((r) => r.object.schema === 'auth' && r.object.name === 'uid')).toBe(true);
  });
});

describe('CREATE AGGREGATE, OPERATOR, COLLATION, TEXT SEARCH and range types', () => {
  // Their options name functions, operators, providers and configurations in the grammar's type names.
  const types = async (text: string) =>
    (await one(text)).references.filter((r) => r.object.kind === 'type').map((r) => r.object.name);

  it('take only the options that are types as type references', async () => {
    expect(await types('CREATE AGGREGATE my_sum(money_amount) (SFUNC = add_amount, STYPE = money_amount);')).toEqual([
      'money_amount',
      'money_amount',
    ]);
    expect(await types('CREATE OPERATOR === (LEFTARG = box, RIGHTARG = box, FUNCTION = box_same);')).toEqual([
      'box',
      'box',
    ]);
    expect(await types("CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2');")).toEqual([]);
    expect(await types('CREATE TEXT SEARCH CONFIGURATION my_english (COPY = english);')).toEqual([]);
    expect(await types('CREATE TYPE price_range AS RANGE (SUBTYPE = price, SUBTYPE_DIFF = price_diff);')).toEqual([
      'price',
    ]);
  });

  it("take no option's bare word for a type, but a sequence's AS", async () => {
    expect(await types('ALTER VIEW v SET (check_option = local);')).toEqual([]);
    expect(await types('CREATE VIEW v WITH (check_option = cascaded) AS SELECT 1;')).toEqual([]);
    expect(await types('CREATE SEQUENCE s AS my_int;')).toEqual(['my_int']);
  });
});
