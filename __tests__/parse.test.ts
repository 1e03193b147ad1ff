import { describe, it, expect } from 'vitest';
import { parseSql } from '../src/migrations/parse.js';
import { posOf } from './helpers/positions.js';

describe('statement positions', () => {
  it('converts byte offsets so non-ASCII comments do not shift columns', async () => {
    const text = [
      '-- Jürgen Müller — review',
      '/* ü — ü */ CREATE TABLE a (id int);',
      '/* — */ /* ü */ CREATE TABLE t (org uuid REFERENCES organization(id));',
    ].join('\n');
    const parsed = await parseSql(text, 'x.sql');
    expect(parsed.syntaxError).toBeUndefined();
    expect(parsed.statements).toHaveLength(2);
    const [a, t] = parsed.statements;
    expect(a?.start).toEqual(posOf(text, 'CREATE TABLE a'));
    expect(a?.sql).toBe('CREATE TABLE a (id int)');
    expect(t?.start).toEqual(posOf(text, 'CREATE TABLE t'));
    expect(t?.end).toEqual({ line: 3, column: text.split('\n')[2]!.length - 1 });
    expect(t?.offset).toBe(text.indexOf('CREATE TABLE t'));
    expect(text.slice(t!.offset, t!.offset + t!.sql.length)).toBe(t?.sql);
    const org = t?.references.find((r) => r.object.name === 'organization');
    expect(org?.position).toEqual(posOf(text, 'organization'));
    expect(t?.creates[0]?.position).toEqual(posOf(text, 't (org'));
  });

  it('counts columns in UTF-16 units after astral characters', async () => {
    const text = '/* 🚀 */ SELECT * FROM rocket;';
    const [s] = (await parseSql(text, 'x.sql')).statements;
    expect(s?.references[0]?.position).toEqual(posOf(text, 'rocket'));
  });

  it('trims leading comments and the trailing semicolon, and handles a missing final semicolon', async () => {
    const text = 'SELECT 1 ;\n\n-- next\n/* block\n comment */\n  SELECT 2 -- trailing\n';
    const { statements } = await parseSql(text, 'x.sql');
    expect(statements.map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(statements[1]?.start).toEqual({ line: 6, column: 3 });
    expect(statements[1]?.end).toEqual({ line: 6, column: 10 });
    expect(statements.map((s) => s.index)).toEqual([0, 1]);
    expect(statements[0]?.kind).toBe('SelectStmt');
  });

  it('returns no statements for an empty or comment-only file', async () => {
    for (const text of ['', '   \n\n', '-- nothing here\n/* really */\n']) {
      const parsed = await parseSql(text, 'empty.sql');
      expect(parsed.statements).toEqual([]);
      expect(parsed.syntaxError).toBeUndefined();
      expect(parsed.managesTransaction).toBe(false);
    }
  });

  it('parses a plain file without dbmate markers, and treats dbmate markers as comments', async () => {
    const plain = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n';
    const dbmate = '-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n';
    const p = await parseSql(plain, 'plain.sql');
    expect(p.file).toBe('plain.sql');
    expect(p.text).toBe(plain);
    expect(p.statements.map((s) => s.creates[0]?.name)).toEqual(['a', 'b']);
    expect(p.metaCommands).toEqual([]);
    const d = await parseSql(dbmate, 'dbmate.sql');
    expect(d.statements.map((s) => s.kind)).toEqual(['CreateStmt', 'DropStmt']);
    expect(d.statements[0]?.start).toEqual({ line: 2, column: 1 });
  });
});

describe('psql meta-commands', () => {
  it('records and blanks \\set, \\i and \\connect without moving positions', async () => {
    const text = [
      '\\set ON_ERROR_STOP on',
      '  \\connect app',
      'CREATE TABLE t (id int REFERENCES parent(id));',
      '\\i other/file.sql',
      'SELECT 1;',
    ].join('\n');
    const parsed = await parseSql(text, 'x.sql');
    expect(parsed.syntaxError).toBeUndefined();
    expect(parsed.metaCommands).toEqual([
      { line: 1, command: '\\set ON_ERROR_STOP on' },
      { line: 2, command: '\\connect app' },
      { line: 4, command: '\\i other/file.sql' },
    ]);
    expect(parsed.text).toBe(text);
    expect(parsed.statements).toHaveLength(2);
    expect(parsed.statements[0]?.references.find((r) => r.object.name === 'parent')?.position).toEqual(
      posOf(text, 'parent'),
    );
    expect(parsed.statements[1]?.start).toEqual({ line: 5, column: 1 });
  });

  it('handles \\restrict / \\unrestrict in a pg_dump file', async () => {
    const text = [
      '--',
      '-- PostgreSQL database dump',
      '--',
      '',
      '\\restrict Zq8mXw3pLkT9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdef',
      '',
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'CREATE SCHEMA auth;',
      'CREATE TABLE auth.users_extended (id uuid NOT NULL, org_id uuid);',
      '',
      '\\unrestrict Zq8mXw3pLkT9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdef',
      '',
    ].join('\n');
    const parsed = await parseSql(text, 'baseline.sql');
    expect(parsed.syntaxError).toBeUndefined();
    expect(parsed.metaCommands.map((m) => [m.line, m.command.split(' ')[0]])).toEqual([
      [5, '\\restrict'],
      [12, '\\unrestrict'],
    ]);
    expect(parsed.statements.map((s) => s.kind)).toEqual([
      'VariableSetStmt',
      'SelectStmt',
      'CreateSchemaStmt',
      'CreateStmt',
    ]);
    // pg_catalog functions are not references worth checking.
    expect(parsed.statements[1]?.references).toEqual([]);
  });

  it('ignores backslashes inside dollar-quoted bodies, strings and comments', async () => {
    const text = [
      'CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$',
      'BEGIN',
      '\\echo not a meta command',
      "  RETURN E'\\\\n';",
      'END',
      '$body$;',
      "SELECT '",
      "\\x inside a string';",
      "SELECT E'it\\'s",
      "\\q still in the string';",
      '/*',
      '\\q inside a comment */',
      'SELECT "a',
      '\\b" FROM t;',
    ].join('\n');
    const parsed = await parseSql(text, 'x.sql');
    expect(parsed.metaCommands).toEqual([]);
    expect(parsed.syntaxError).toBeUndefined();
    expect(parsed.statements).toHaveLength(4);
    expect(parsed.statements[0]?.sql).toContain('\\echo not a meta command');
  });
});

describe('syntax errors', () => {
  it('reports line and column of the offending token after a non-ASCII comment', async () => {
    const text = '-- Migration — Jürgen\n/* ü */ CREATE TABLE t (\n    id int,, x int\n);';
    const parsed = await parseSql(text, 'bad.sql');
    expect(parsed.statements).toEqual([]);
    expect(parsed.syntaxError?.message).toMatch(/syntax error at or near ","/);
    expect(parsed.syntaxError?.line).toBe(3);
    expect(parsed.syntaxError?.column).toBe(posOf(text, ',,').column + 1);
  });

  it('counts the column in characters when non-ASCII text precedes the error on the same line', async () => {
    const text = "SELECT 1;\nSELECT 'üü—🚀' AS x FROM FROM t;";
    const parsed = await parseSql(text, 'bad.sql');
    expect(parsed.syntaxError).toEqual({
      message: 'syntax error at or near "FROM"',
      ...posOf(text, 'FROM', 2),
    });
  });

  it('reports errors after a meta-command at their real position', async () => {
    const text = '\\set x 1\nSELEC 1;';
    const parsed = await parseSql(text, 'bad.sql');
    expect(parsed.metaCommands).toHaveLength(1);
    expect(parsed.syntaxError).toMatchObject({ line: 2, column: 1 });
  });
});

describe('transactions', () => {
  it('detects BEGIN … COMMIT wrapping', async () => {
    const parsed = await parseSql('BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n', 'x.sql');
    expect(parsed.managesTransaction).toBe(true);
    expect(parsed.statements.map((s) => s.transaction)).toEqual(['begin', undefined, 'commit']);
  });

  it('maps every transaction control statement', async () => {
    const parsed = await parseSql(
      'START TRANSACTION; SAVEPOINT a; RELEASE SAVEPOINT a; ROLLBACK TO SAVEPOINT a; ROLLBACK; BEGIN; END;',
      'x.sql',
    );
    expect(parsed.statements.map((s) => s.transaction)).toEqual([
      'begin',
      'savepoint',
      'release',
      'savepoint',
      'rollback',
      'begin',
      'commit',
    ]);
    expect(parsed.managesTransaction).toBe(true);
  });

  it('does not claim a transaction without COMMIT or when BEGIN is not first', async () => {
    expect((await parseSql('BEGIN;\nCREATE TABLE t (id int);\n', 'x.sql')).managesTransaction).toBe(false);
    expect((await parseSql('CREATE TABLE t (id int);\nBEGIN;\nCOMMIT;', 'x.sql')).managesTransaction).toBe(false);
    expect((await parseSql('CREATE TABLE t (id int);', 'x.sql')).managesTransaction).toBe(false);
  });

  it('flags statements PostgreSQL refuses inside a transaction block', async () => {
    const nonTx = [
      'CREATE INDEX CONCURRENTLY i ON t (a)',
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)',
      'DROP INDEX CONCURRENTLY i',
      'REINDEX INDEX CONCURRENTLY i',
      'VACUUM t',
      'VACUUM (ANALYZE) t',
      'CREATE DATABASE d',
      'DROP DATABASE d',
      'ALTER SYSTEM SET work_mem = 1',
      "CREATE TABLESPACE ts LOCATION '/x'",
      'ALTER TABLE p DETACH PARTITION c CONCURRENTLY',
    ];
    const tx = [
      'CREATE INDEX i ON t (a)',
      'DROP INDEX i',
      'REINDEX INDEX i',
      'ANALYZE t',
      "ALTER TYPE e ADD VALUE 'x'",
      'ALTER TABLE p DETACH PARTITION c',
      'CREATE TABLE t (id int)',
    ];
    const parsed = await parseSql([...nonTx, ...tx].join(';\n'), 'x.sql');
    expect(parsed.statements.map((s) => s.nonTransactional)).toEqual([
      ...nonTx.map(() => true),
      ...tx.map(() => false),
    ]);
    const concurrently = parsed.statements[0]?.creates[0];
    expect(concurrently?.details).toEqual({ kind: 'index', columns: ['a'], unique: false, concurrently: true });
  });
});

describe('drops', () => {
  it('records dropped objects and does not treat them as references', async () => {
    const parsed = await parseSql(
      [
        'DROP TRIGGER IF EXISTS trg ON s.t',
        'DROP POLICY p ON t',
        'DROP TABLE IF EXISTS a, s.b CASCADE',
        'DROP FUNCTION IF EXISTS f(uuid), s.g',
        'DROP TYPE sync_status_type',
        'DROP INDEX s.idx',
        'DROP SCHEMA auth',
        'DROP MATERIALIZED VIEW mv',
        'DROP EXTENSION pgcrypto',
        'DROP DOMAIN d',
        'DROP ROLE r',
      ].join(';\n'),
      'down.sql',
    );
    expect(parsed.statements.flatMap((s) => s.drops)).toEqual([
      { kind: 'trigger', name: 'trg', table: { schema: 's', name: 't' } },
      { kind: 'policy', name: 'p', table: { name: 't' } },
      { kind: 'table', name: 'a' },
      { kind: 'table', schema: 's', name: 'b' },
      { kind: 'function', name: 'f' },
      { kind: 'function', schema: 's', name: 'g' },
      { kind: 'type', name: 'sync_status_type' },
      { kind: 'index', schema: 's', name: 'idx' },
      { kind: 'schema', name: 'auth' },
      { kind: 'view', name: 'mv' },
      { kind: 'extension', name: 'pgcrypto' },
      { kind: 'type', name: 'd' },
      { kind: 'role', name: 'r' },
    ]);
    expect(parsed.statements.flatMap((s) => s.references)).toEqual([]);
    expect(parsed.statements.flatMap((s) => s.creates)).toEqual([]);
  });
});
