import { afterEach, describe, expect, it } from 'vitest';
import { setFace } from '../src/errors.js';
import { objectHint, unavailableHint } from '../src/hints/index.js';
import type { Finding, GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const TOKEN = `CREATE TABLE token (
  id bigint PRIMARY KEY,
  secret bytea NOT NULL DEFAULT gen_random_bytes(32)
);
`;

/** Gates the newest migration of a repository made of `files`; `flags` after the defaults. */
async function gate(files: Record<string, string>, ...flags: string[]) {
  const repo = makeRepo(files);
  const run = await runCli(['check', '--dir', 'migrations', '--format', 'json', '-q', ...flags], repo);
  const report = run.stdout ? (JSON.parse(run.stdout) as GateReport) : undefined;
  const critical = (report?.findings ?? []).filter((f) => f.severity === 'critical');
  return { run, report, critical };
}

describe('findings say what to supply', () => {
  it('a function of an extension shipped with PostgreSQL names its CREATE EXTENSION, at the call', async () => {
    const { run, report, critical } = await gate({ 'migrations/001_token.sql': TOKEN });
    expect(run.code).toBe(1);
    expect(critical).toEqual([
      expect.objectContaining({
        rule: 'missing-function',
        object: 'gen_random_bytes()',
        line: 3,
        column: 33,
        hint: 'The extension pgcrypto provides it: add `CREATE EXTENSION pgcrypto;` before it.',
      }),
    ]);
    expect(report!.requiredActions).toEqual([
      expect.objectContaining({ object: 'gen_random_bytes()', hint: critical[0]!.hint }),
    ]);
  });

  it('with CREATE EXTENSION pgcrypto first, the same migration is APPROVED', async () => {
    const { run, report } = await gate({
      'migrations/001_token.sql': `CREATE EXTENSION pgcrypto;\n${TOKEN}`,
      'migrations/001_token.down.sql': 'DROP TABLE token;\nDROP EXTENSION pgcrypto;\n',
    });
    expect(report!.verdict).toBe('APPROVED');
    expect(report!.findings.filter((f) => f.severity === 'critical' || f.severity === 'error')).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a server error the pre-flight could not foresee gets the hint too, at its token', async () => {
    const { critical } = await gate({
      'migrations/001_search.sql': `CREATE TABLE person (email text NOT NULL);
CREATE INDEX person_email ON person USING gin (email gin_trgm_ops);
`,
    });
    // The server names no position for a missing operator class: the gate finds the token.
    expect(critical).toEqual([
      expect.objectContaining({
        rule: 'missing-object',
        message: 'operator class "gin_trgm_ops" does not exist for access method "gin"',
        line: 2,
        column: 54,
        hint: 'The extension pg_trgm provides it: add `CREATE EXTENSION pg_trgm;` before it.',
      }),
    ]);
  });

  it('what a CREATE EXTENSION earlier in the migration provides is not reported missing', async () => {
    const { critical } = await gate({
      'migrations/001_person.sql': `CREATE EXTENSION citext;
CREATE TABLE person (email citext NOT NULL, team_id bigint REFERENCES team (id));
`,
    });
    expect(critical.map((f) => f.object)).toEqual(['team']);
  });

  it('a function of an extension that is there, called with other argument types, keeps only the server hint', async () => {
    const { critical } = await gate({
      'migrations/001_hash.sql': 'CREATE EXTENSION pgcrypto;\nSELECT digest(1, 2);\n',
    });
    expect(critical).toEqual([
      expect.objectContaining({
        message: 'function digest(integer, integer) does not exist',
        line: 2,
        column: 8,
        hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      }),
    ]);
  });

  it('an extension the embedded server lacks is one finding, with the type it would have created', async () => {
    const { run, report, critical } = await gate({
      'migrations/001_docs.sql': `CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE doc (
  id bigint PRIMARY KEY,
  embedding vector(1536)
);
`,
    });
    expect(run.code).toBe(1);
    expect(critical).toHaveLength(1);
    const [finding] = critical as [Finding];
    expect(finding).toMatchObject({
      rule: 'extension-not-available',
      message: expect.stringMatching(
        /^extension "vector" is not available on the embedded PostgreSQL 1\d\.\d+; missing with it: type vector$/,
      ),
      object: 'vector',
      line: 1,
      column: 32,
      lines: [1, 4],
      impact: 'Cannot create 1 table (doc)',
      detail: expect.stringContaining('vector.control'),
    });
    // PostgreSQL's hint first, then where to run instead.
    expect(finding.hint).toMatch(
      /^The extension must first be installed on the system where PostgreSQL is running\. Run the gate on a server that has it: `--image pgvector\/pgvector:pg1\d`, `--database-url` or `--neon-project-id`\.$/,
    );
    expect(report!.requiredActions).toEqual([
      { object: 'vector', kind: 'extension', createdBy: [], lines: [1, 4], hint: expect.stringContaining('--image') },
    ]);
    expect(report!.tasks.find((t) => t.id === 'readiness')?.summary).toBe('Missing extension vector');
  });

  it('Supabase roles and auth functions suggest the prerequisite pack', async () => {
    const { critical } = await gate({
      'migrations/001_note.sql': `CREATE TABLE note (id bigint PRIMARY KEY, user_id uuid NOT NULL);
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY note_own ON note FOR SELECT TO authenticated USING (auth.uid() = user_id);
`,
    });
    const pack = 'Supabase creates it: add `--prerequisite pack:supabase-auth`.';
    expect(critical).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'missing-schema', object: 'auth', hint: pack }),
        expect.objectContaining({
          rule: 'missing-role',
          message: 'role "authenticated" does not exist',
          line: 3,
          column: 46,
          hint: pack,
        }),
        expect.objectContaining({ rule: 'missing-function', object: 'auth.uid()', line: 3, column: 67, hint: pack }),
      ]),
    );
  });

  it("keeps the server's DETAIL: duplicates in the test data break a unique index", async () => {
    const { run, critical } = await gate(
      {
        'migrations/001_account.sql': 'CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);\n',
        'migrations/002_account_email.sql': 'CREATE UNIQUE INDEX account_email ON account (email);\n',
        'fixtures/accounts.sql': "INSERT INTO account VALUES (1, 'ada@example.com'), (2, 'ada@example.com');\n",
      },
      '--fixture',
      'fixtures/accounts.sql',
    );
    expect(run.code).toBe(1);
    expect(critical).toEqual([
      expect.objectContaining({
        message: 'could not create unique index "account_email"',
        detail: 'Key (email)=(ada@example.com) is duplicated.',
      }),
    ]);
  });

  it('a fixture that violates a CHECK says which row', async () => {
    const { run } = await gate(
      {
        'migrations/001_item.sql': 'CREATE TABLE item (id bigint PRIMARY KEY, price numeric CHECK (price >= 0));\n',
        'migrations/002_item_name.sql': 'ALTER TABLE item ADD COLUMN name text;\n',
        'fixtures/items.sql': 'INSERT INTO item VALUES (1, -5);\n',
      },
      '--fixture',
      'fixtures/items.sql',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'fixture fixtures/items.sql:1:1 failed before the target could be checked: new row for relation "item" violates check constraint "item_price_check" — Failing row contains (1, -5).',
    );
  });
});

describe('hints in the action speak its language', () => {
  afterEach(() => setFace('cli'));

  it('names the input and how it is written in a workflow', () => {
    setFace('action');
    expect(objectHint({ kind: 'role', name: 'anon' })).toBe(
      'Supabase creates it: add `prerequisites: pack:supabase-auth`.',
    );
    expect(unavailableHint('postgis', 17)).toBe(
      'Run the gate on a server that has it: `postgres-image: postgis/postgis:17-3.5`, input "database-url" or input "neon-project-id".',
    );
  });

  it('says what CREATE EXTENSION needs: the schema the migration expects, quoting, required extensions', () => {
    expect(objectHint({ kind: 'function', schema: 'extensions', name: 'uuid_generate_v4' })).toBe(
      'The extension "uuid-ossp" provides it: add `CREATE EXTENSION "uuid-ossp" SCHEMA extensions;` before it.',
    );
    expect(objectHint({ kind: 'function', name: 'll_to_earth' })).toBe(
      'The extension earthdistance (which needs cube) provides it: add `CREATE EXTENSION earthdistance CASCADE;` before it.',
    );
    expect(objectHint({ kind: 'type', name: 'citext' })).toContain('`CREATE EXTENSION citext;`');
    expect(objectHint({ kind: 'table', name: 'organization' })).toBeUndefined();
  });
});
