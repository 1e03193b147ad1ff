import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { layoutOf, LAYOUTS, type Layout, type Migration, type ToolName } from '../src/layouts/index.js';
import { planned } from '../src/layouts/sqitch.js';
import { placeholdersNear, withPlaceholders } from '../src/layouts/flyway-placeholders.js';
import { maskSecrets } from '../src/secrets.js';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLE_REPOS, exampleRepo, REPOS } from './helpers/example-repos.js';
import { copyRepo, makeRepo } from './helpers/repo.js';

// Discovery of each layout, on the example repositories (__tests__/repos) and on small edge cases.

const layout = (tool: ToolName): Layout => LAYOUTS.find((l) => l.tool === tool)!;

/** [name, down file relative to the directory (or '(in file)' / undefined)] in the tool's order. */
function discovered(tool: ToolName, dir: string): [string, string | undefined][] {
  return layout(tool)
    .discover(dir)
    .map((m: Migration) => [m.name, m.downPath ? path.relative(dir, m.downPath) : undefined]);
}

const names = (tool: ToolName, dir: string): string[] =>
  layout(tool)
    .discover(dir)
    .map((m) => m.name);

/** How the tool runs a file with this text (the migration itself only matters for per-file settings). */
function sourceOf(tool: ToolName, text: string, file = '/nowhere/m/1_x.sql') {
  return layout(tool).source({ name: path.basename(file), path: file }, text);
}

describe('each example repository', () => {
  it.each(EXAMPLE_REPOS)('$tool: recognised without --tool, its migrations in the tool’s order', ({ tool }) => {
    const repo = exampleRepo(tool);
    expect(layoutOf(repo.migrationsDir, undefined, repo.dir).tool).toBe(tool);
    expect(names(tool, repo.migrationsDir)).toEqual(repo.migrations);
  });
});

describe('plain numbered files', () => {
  it('X.down.sql paired and never a migration of its own', () => {
    const { migrationsDir, migrations } = exampleRepo('plain');
    expect(discovered('plain', migrationsDir)).toEqual(migrations.map((n) => [n, n.replace(/\.sql$/, '.down.sql')]));
    expect(sourceOf('plain', 'SELECT 1;').execution).toBe('autocommit');
  });
});

describe('golang-migrate', () => {
  it('.down. files paired', () => {
    const { migrationsDir, migrations } = exampleRepo('golang-migrate');
    expect(discovered('golang-migrate', migrationsDir)).toEqual(
      migrations.map((n) => [n, n.replace('.up.', '.down.')]),
    );
    expect(sourceOf('golang-migrate', 'SELECT 1;').execution).toBe('single-message');
  });

  it('9 before 10 whatever the padding; a missing down is allowed; other files are skipped', () => {
    const dir = makeRepo({
      '10_c.up.sql': '',
      '9_b.up.sql': '',
      '9_b.down.sql': '',
      '0001_a.up.sql': '',
      'README.md': '',
      'seed.sql': '',
    });
    expect(discovered('golang-migrate', dir)).toEqual([
      ['0001_a.up.sql', undefined],
      ['9_b.up.sql', '9_b.down.sql'],
      ['10_c.up.sql', undefined],
    ]);
  });

  it('two files of one version (1 and 001) are refused, as golang-migrate does', () => {
    const dir = makeRepo({ '1_a.up.sql': '', '001_b.up.sql': '' });
    expect(() => layout('golang-migrate').discover(dir)).toThrow(
      new ConfigError('001_b.up.sql and 1_a.up.sql have the same version (1): golang-migrate refuses to run either'),
    );
  });
});

describe('dbmate', () => {
  it('file names in text order: 10_ before 9_', () => {
    expect(names('dbmate', makeRepo({ '9_a.sql': '', '10_b.sql': '', 'notes.txt': '' }))).toEqual([
      '10_b.sql',
      '9_a.sql',
    ]);
  });

  it('each section runs with its own marker options', () => {
    const text =
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n\n-- migrate:down\nDROP INDEX i;\n';
    const source = sourceOf('dbmate', text);
    expect(source).toMatchObject({ execution: 'single-message', downExecution: 'transaction' });
    expect(source.up).toContain('CREATE INDEX CONCURRENTLY');
    expect(source.up).not.toContain('DROP INDEX');
    expect(source.down).toContain('DROP INDEX i;');
  });
});

describe('goose', () => {
  it('a Go migration is kept in its place, marked as one the gate cannot run', () => {
    const migrations = layout('goose').discover(exampleRepo('goose').migrationsDir);
    expect(migrations.flatMap((m) => (m.opaque ? [[m.name, m.opaque]] : []))).toEqual([
      ['00004_backfill_team_slugs.go', 'a Go migration: goose runs it from a compiled binary'],
    ]);
  });

  it('Up and Down sections; StatementBegin/End blocks stay whole; NO TRANSACTION runs statement by statement', () => {
    const text = [
      '-- +goose Up',
      '-- +goose StatementBegin',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;',
      '-- +goose StatementEnd',
      '-- +goose Down',
      'DROP FUNCTION f();',
      '',
    ].join('\n');
    const source = sourceOf('goose', text);
    expect(source.execution).toBe('transaction');
    expect(source.up.split('\n')[2]).toBe(text.split('\n')[2]);
    expect(source.down?.split('\n')[5]).toBe('DROP FUNCTION f();');
    expect(sourceOf('goose', `-- +goose NO TRANSACTION\n${text}`).execution).toBe('autocommit');
  });

  it('two files of one version are refused', () => {
    const dir = makeRepo({ '00001_a.sql': '-- +goose Up\n', '1_b.go': '' });
    expect(() => layout('goose').discover(dir)).toThrow('00001_a.sql and 1_b.go have the same version (1)');
  });
});

describe('Flyway', () => {
  it('versions compared part by part (V1_10 after V1_9), repeatables last', () => {
    const order = names('flyway', exampleRepo('flyway').migrationsDir);
    expect(order.slice(3)).toEqual([
      'V1_9__rename_teams_to_departments.sql',
      'V1_10__create_audit_entries.sql',
      'V2__audit_entries_created_at_index.sql',
      'R__project_overview.sql',
    ]);
  });

  it('V1 is V1.0 and V1_0: an undo of 1.0 pairs with V1; V1.0.1 comes between V1 and V1.1', () => {
    const dir = makeRepo({
      'V1.1__c.sql': '',
      'V1.0.1__b.sql': '',
      'V1__a.sql': '',
      'U1.0__a.sql': '',
      'R__b_view.sql': '',
      'R__a_view.sql': '',
      'v3__lowercase_is_not_flyway.sql': '',
      'afterMigrate.sql': '',
    });
    expect(discovered('flyway', dir)).toEqual([
      ['V1__a.sql', 'U1.0__a.sql'],
      ['V1.0.1__b.sql', undefined],
      ['V1.1__c.sql', undefined],
      ['R__a_view.sql', undefined],
      ['R__b_view.sql', undefined],
    ]);
  });

  it('V1 and V1_0 side by side are one version twice: refused, as Flyway does', () => {
    const dir = makeRepo({ 'V1__a.sql': '', 'V1_0__b.sql': '' });
    expect(() => layout('flyway').discover(dir)).toThrow(
      'V1_0__b.sql and V1__a.sql have the same version (1): Flyway refuses to run either',
    );
  });

  it('a statement refusing a transaction turns the file to autocommit only where Flyway allows it', () => {
    const repo = makeRepo({
      'sql/V1__x.sql': '',
      'sql/V2__y.sql': '',
      'sql/V2__y.sql.conf': 'executeInTransaction=false\n',
    });
    const v1 = { name: 'V1__x.sql', path: path.join(repo, 'sql/V1__x.sql') };
    expect(layout('flyway').source(v1, '')).toMatchObject({
      execution: 'transaction',
      autocommitWhenNonTransactional: 'alone',
    });
    const v2 = { name: 'V2__y.sql', path: path.join(repo, 'sql/V2__y.sql') };
    expect(layout('flyway').source(v2, '').execution).toBe('autocommit');
    const mixed = copyRepo(repo, { 'flyway.toml': '[flyway]\nmixed = true\n' });
    expect(layout('flyway').source({ ...v1, path: path.join(mixed, 'sql/V1__x.sql') }, '')).toMatchObject({
      autocommitWhenNonTransactional: 'mixed',
    });
  });
});

describe('Flyway placeholders', () => {
  const sql = "COMMENT ON TABLE ${flyway:defaultSchema}.t IS 'kept ${days} days by ${owner}';\n";

  it('replaced from flyway.conf, flyway.toml, Spring Boot properties or YAML, and FLYWAY_PLACEHOLDERS_*', () => {
    const conf = makeRepo({ 'flyway.conf': 'flyway.placeholders.days=30\nflyway.placeholders.owner=ops\n', 'm/x': '' });
    expect(withPlaceholders(sql, 'V1__x.sql', placeholdersNear(path.join(conf, 'm'), {}))).toBe(
      "COMMENT ON TABLE public.t IS 'kept 30 days by ops';\n",
    );
    const toml = makeRepo({
      'flyway.toml': '[flyway]\nlocations = ["filesystem:m"]\n\n[flyway.placeholders]\ndays = "7"\n',
      'm/x': '',
    });
    const fromEnv = placeholdersNear(path.join(toml, 'm'), { FLYWAY_PLACEHOLDERS_OWNER: 'ci' });
    expect(withPlaceholders(sql, 'V1__x.sql', fromEnv)).toBe("COMMENT ON TABLE public.t IS 'kept 7 days by ci';\n");
    const yml = makeRepo({
      'application.yml': 'spring:\n  flyway:\n    placeholders:\n      days: 90\n      owner: app\n',
      'm/x': '',
    });
    expect(withPlaceholders(sql, 'V1__x.sql', placeholdersNear(path.join(yml, 'm'), {}))).toBe(
      "COMMENT ON TABLE public.t IS 'kept 90 days by app';\n",
    );
  });

  it('a value from FLYWAY_PLACEHOLDERS_* shaped like a key is masked in what the gate prints, whatever its name', () => {
    const repo = makeRepo({ 'm/x': '' });
    const key = 'sk_live_51Hx9aQ2eZvKYlo2C0ffee42';
    placeholdersNear(path.join(repo, 'm'), { FLYWAY_PLACEHOLDERS_BILLING: key, FLYWAY_PLACEHOLDERS_SCHEMA: 'public' });
    expect(maskSecrets(`SELECT '${key}' FROM public.t`)).toBe("SELECT '***' FROM public.t");
  });

  it('one without a value is refused as Flyway refuses it, at its file and line; replacement off leaves the text', () => {
    const none = makeRepo({ 'flyway.conf': 'flyway.placeholders.days=30\n', 'm/x': '' });
    expect(() =>
      withPlaceholders(`SELECT 1;\n${sql}`, 'V1__x.sql', placeholdersNear(path.join(none, 'm'), {})),
    ).toThrow('V1__x.sql:2: no value for placeholder ${owner}: Flyway refuses the file too');
    const off = makeRepo({ 'flyway.conf': 'flyway.placeholderReplacement=false\n', 'm/x': '' });
    expect(withPlaceholders(sql, 'V1__x.sql', placeholdersNear(path.join(off, 'm'), {}))).toBe(sql);
  });
});

describe('node-pg-migrate', () => {
  it('a JavaScript migration in its place, marked', () => {
    const migrations = layout('node-pg-migrate').discover(exampleRepo('node-pg-migrate').migrationsDir);
    expect(migrations.flatMap((m) => (m.opaque ? [[m.name, m.opaque]] : []))).toEqual([
      [
        '1709251800000_activity-log-created-at-index.js',
        'a JavaScript/TypeScript migration: node-pg-migrate runs it in Node',
      ],
    ]);
  });

  it('a 17-digit UTC timestamp and a 13-digit one compare as times', () => {
    // 2024-01-01T00:00:00.000Z is 1704067200000 ms.
    const dir = makeRepo({ '20240101000000001_b.sql': '', '1704067200000_a.sql': '', '.eslintrc.js': '' });
    expect(names('node-pg-migrate', dir)).toEqual(['1704067200000_a.sql', '20240101000000001_b.sql']);
  });
});

describe('Supabase', () => {
  it('recognised only next to supabase/config.toml', () => {
    const withoutConfig = copyRepo(path.join(REPOS, 'supabase'), { 'supabase/config.toml': null });
    expect(layout('supabase').detect(path.join(withoutConfig, 'supabase/migrations'))).toBe(false);
  });
});

describe('Prisma', () => {
  it('no downs', () => {
    const { migrationsDir, migrations } = exampleRepo('prisma');
    expect(discovered('prisma', migrationsDir)).toEqual(migrations.map((name) => [name, undefined]));
    expect(layout('prisma').downs).toBe(false);
  });
});

describe('Diesel', () => {
  it('up.sql with down.sql; metadata.toml turns the transaction off', () => {
    const { migrationsDir: dir, migrations: expected } = exampleRepo('diesel');
    const migrations = layout('diesel').discover(dir);
    expect(
      migrations.map((m) => [m.name, path.relative(dir, m.path), m.downPath && path.relative(dir, m.downPath)]),
    ).toEqual(expected.map((name) => [name, `${name}/up.sql`, `${name}/down.sql`]));
    expect(layout('diesel').source(migrations[5]!, '').execution).toBe('transaction');
    expect(layout('diesel').source(migrations[6]!, '').execution).toBe('single-message');
  });

  it('a metadata.toml without run_in_transaction means false, as Diesel deserialises it', () => {
    const repo = makeRepo({ '2024-01-01-000000_x/up.sql': '', '2024-01-01-000000_x/metadata.toml': '# nothing\n' });
    const [migration] = layout('diesel').discover(repo);
    expect(layout('diesel').source(migration!, '').execution).toBe('single-message');
  });
});

describe('sqitch', () => {
  it('plan order; the reworked change deploys its @tag script at its first place', () => {
    const { migrationsDir: top, migrations } = exampleRepo('sqitch');
    expect(discovered('sqitch', top)).toEqual(migrations.map((name) => [name, `revert/${name}.sql`]));
    expect(layout('sqitch').discover(top)[0]!.path).toBe(path.join(top, 'deploy/touch_updated_at@v1.0.sql'));
    // Given deploy/ as the directory, the plan above it is read.
    expect(names('sqitch', path.join(top, 'deploy'))).toHaveLength(8);
    expect(sourceOf('sqitch', 'SELECT 1;')).toMatchObject({ execution: 'autocommit', psql: true });
  });

  it('a change reworked twice deploys each earlier script under the tag that follows it', () => {
    const plan = [
      '%project=p',
      'a 2024-01-01T00:00:00Z x <x@x>',
      '@v1 2024',
      'a [a@v1] 2024',
      '@v2 2024',
      'a [a@v2] 2024',
    ];
    expect(planned(plan.join('\n')).map((p) => p.script)).toEqual(['a@v1', 'a@v2', 'a']);
  });
});

describe('graphile-migrate', () => {
  it('current.sql only when it holds SQL', () => {
    expect(exampleRepo('graphile-migrate').migrations.at(-1)).toBe('current.sql');
    const committed = copyRepo(path.join(REPOS, 'graphile-migrate'), {
      'migrations/current.sql': '-- Enter migration here\n',
    });
    expect(names('graphile-migrate', path.join(committed, 'migrations'))).not.toContain('current.sql');
  });

  it('headers are blanked; --! no-transaction as the first body line (or of current.sql) drops the transaction', () => {
    const committed =
      '--! Previous: -\n--! Hash: sha1:00\n\n--! no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n';
    const source = sourceOf('graphile-migrate', committed);
    expect(source.execution).toBe('single-message');
    expect(source.up.split('\n').slice(0, 3).join('').trim()).toBe('');
    expect(sourceOf('graphile-migrate', '--! no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n').execution).toBe(
      'single-message',
    );
    expect(sourceOf('graphile-migrate', '--! Previous: -\n--! Hash: sha1:00\n\nSELECT 1;\n').execution).toBe(
      'transaction',
    );
  });
});

describe('Atlas', () => {
  it('recognised by atlas.sum; files in name order; no downs', () => {
    const repo = makeRepo({
      'migrations/atlas.sum': 'h1:AA==\n',
      'migrations/20240102000000.sql': 'SELECT 2;\n',
      'migrations/20240101000000_init.sql': 'SELECT 1;\n',
      'migrations/README.md': '',
    });
    const dir = path.join(repo, 'migrations');
    expect(layoutOf(dir, undefined, 'migrations').tool).toBe('atlas');
    expect(discovered('atlas', dir)).toEqual([
      ['20240101000000_init.sql', undefined],
      ['20240102000000.sql', undefined],
    ]);
    expect(layout('atlas').downs).toBe(false);
  });

  it('each file in a transaction of its own; -- atlas:txmode none in the header runs it statement by statement', () => {
    expect(sourceOf('atlas', 'CREATE TABLE t (id int);\n').execution).toBe('transaction');
    const none = '-- atlas:txmode none\n\n-- Create index "i" to table: "t"\nCREATE INDEX CONCURRENTLY i ON t (c);\n';
    expect(sourceOf('atlas', none).execution).toBe('autocommit');
    expect(sourceOf('atlas', 'SELECT 1;\n-- atlas:txmode none\n').execution).toBe('transaction');
  });

  it('two files of one version are refused', () => {
    const repo = makeRepo({ 'm/atlas.sum': '', 'm/1_a.sql': '', 'm/1_b.sql': '' });
    expect(() => layout('atlas').discover(path.join(repo, 'm'))).toThrow(ConfigError);
  });
});

describe('Drizzle', () => {
  const journal = (...tags: [number, string][]) =>
    JSON.stringify({
      version: '7',
      dialect: 'postgresql',
      entries: tags.map(([idx, tag]) => ({ idx, version: '7', when: idx, tag, breakpoints: true })),
    });

  it("the journal's entries in its order; a file it does not list is no migration; no downs; each in a transaction", () => {
    const repo = makeRepo({
      'drizzle/meta/_journal.json': journal([1, '0001_second'], [0, '0000_first']),
      'drizzle/0000_first.sql': 'SELECT 1;\n',
      'drizzle/0001_second.sql': 'SELECT 2;\n',
      'drizzle/0002_forgotten.sql': 'SELECT 3;\n',
    });
    const dir = path.join(repo, 'drizzle');
    expect(layoutOf(dir, undefined, 'drizzle').tool).toBe('drizzle');
    expect(discovered('drizzle', dir)).toEqual([
      ['0000_first.sql', undefined],
      ['0001_second.sql', undefined],
    ]);
    expect(sourceOf('drizzle', 'CREATE TABLE t (id int);--> statement-breakpoint\nSELECT 1;\n').execution).toBe(
      'transaction',
    );
  });

  it('a target the journal does not list: exit 2 saying drizzle never runs it', async () => {
    const repo = makeRepo({
      'drizzle/meta/_journal.json': journal([0, '0000_first']),
      'drizzle/0000_first.sql': 'SELECT 1;\n',
      'drizzle/0001_forgotten.sql': 'SELECT 2;\n',
    });
    const run = await runCli(['check', '--dir', 'drizzle', '--target', '0001_forgotten.sql'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "drizzle/0001_forgotten.sql is not in meta/_journal.json: drizzle's migrator never runs it",
    );
  });

  it('a journal entry without its file, or a journal that does not parse: a configuration error naming it', () => {
    const missing = makeRepo({ 'd/meta/_journal.json': journal([0, '0000_gone']) });
    expect(() => layout('drizzle').discover(path.join(missing, 'd'))).toThrow(
      /lists 0000_gone, but 0000_gone\.sql is not in/,
    );
    const broken = makeRepo({ 'd/meta/_journal.json': '{"entries": [' });
    expect(() => layout('drizzle').discover(path.join(broken, 'd'))).toThrow(/_journal\.json: not a drizzle journal/);
  });
});

describe('choosing the layout', () => {
  it('a directory no layout recognises: exit 2 naming what is in it', async () => {
    const repo = makeRepo({ 'db/schema.rb': '', 'db/seeds.rb': '', 'db/migrate/20240101000000_create_users.rb': '' });
    const run = await runCli(['check', '--dir', 'db'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no migrations recognised in db: found 2 file(s) (schema.rb, seeds.rb) and 1 sub-directory (migrate/)',
    );
    expect(run.stderr).toContain('Name the tool with --tool or "tool:" in migration-gate.yml');
  });

  it('a repository root given as --dir: the error names the migrations below it', async () => {
    const repo = copyRepo(path.join(REPOS, 'supabase'));
    const run = await runCli(['check', '--dir', '.'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'found 1 sub-directory (supabase/); migrations found in supabase/migrations (supabase, 6 migrations): try --dir supabase/migrations. Known layouts:',
    );
  });

  it('--tool and tool: override detection, and the tool’s semantics follow', async () => {
    // Supabase migrations kept without supabase/config.toml look like plain numbered files.
    const repo = copyRepo(path.join(REPOS, 'supabase'), { 'supabase/config.toml': null });
    const dir = path.join(repo, 'supabase/migrations');
    expect(layoutOf(dir, undefined, 'supabase/migrations').tool).toBe('plain');
    expect(layoutOf(dir, 'supabase', 'supabase/migrations').tool).toBe('supabase');

    const config = 'dir: supabase/migrations\ntool: supabase\nprerequisites:\n  - pack:supabase-auth\n';
    const configured = copyRepo(repo, { 'migration-gate.yml': config });
    const gate = async (...extra: string[]) => {
      const args = ['check', '--target', '20240215100000_rename_teams_to_orgs.sql', '--format', 'json', '-q'];
      const run = await runCli([...args, ...extra], configured);
      const report = JSON.parse(run.stdout) as GateReport;
      return { code: run.code, readiness: report.tasks.find((t) => t.id === 'readiness')! };
    };

    // tool: supabase — the file runs in the CLI's transaction, where its LOCK TABLE belongs.
    const asSupabase = await gate();
    expect(asSupabase.readiness.checks).toContainEqual({
      name: 'Migration is transactional',
      status: 'PASS',
      finding: 'supabase runs it inside a transaction: a failure leaves nothing behind',
    });
    expect(asSupabase.code).toBe(0);

    // --tool beats the file: run as psql runs it, the LOCK TABLE has no transaction block.
    const asPlain = await gate('--tool', 'plain');
    expect(asPlain.readiness.findings).toContainEqual(
      expect.objectContaining({ message: 'LOCK TABLE can only be used in transaction blocks', line: 3 }),
    );
    expect(asPlain.code).toBe(1);
  });
});
