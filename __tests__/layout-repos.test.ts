import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolName } from '../src/layouts/index.js';
import { SAFETY_RULE_IDS } from '../src/rules/catalogue.js';
import type { GateReport, TaskId, TaskStatus } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLE_REPOS, exampleRepo, REPOS } from './helpers/example-repos.js';
import { copyRepo } from './helpers/repo.js';

/*
 * One example repository per migration tool (__tests__/repos/<tool>), each
 * gated end to end: every migration in turn as the target, its predecessors
 * as the history, applied the way the tool applies them.
 */

interface Gated {
  code: number;
  report: GateReport;
  status: Record<TaskId, TaskStatus>;
}

async function gate(repo: string, args: string[]): Promise<Gated> {
  const run = await runCli(['check', ...args, '--format', 'json', '--quiet'], repo);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  const status = Object.fromEntries(report.tasks.map((t) => [t.id, t.status])) as Record<TaskId, TaskStatus>;
  return { code: run.code, report, status };
}

function transactionCheck(report: GateReport): string | undefined {
  const readiness = report.tasks.find((t) => t.id === 'readiness')!;
  return readiness.checks?.find((c) => c.name === 'Migration is transactional')?.finding;
}

/** How a tool runs its migrations, as the readiness check words it, and what its rollback task says. */
interface Semantics {
  transactional: string;
  /** Migrations the tool runs otherwise (a directive, a setting), with what the check says for them. */
  except?: Record<string, string>;
  /** The migration that drops a column its down re-adds last: the rollback warns about the column order. */
  reordering?: string;
  /** The tool has no down direction: rollback is N/A. */
  noDowns?: true;
  args?: string[];
}

const wrapped = 'wrapped in BEGIN … COMMIT: a failure leaves nothing behind';
const single = 'a single statement';
const inside = (tool: string) => `${tool} runs it inside a transaction: a failure leaves nothing behind`;
const oneMessage = (tool: string) =>
  `${tool} sends it as one message, an implicit transaction: a failure leaves nothing behind`;

const SEMANTICS: Record<ToolName, Semantics> = {
  // psql: each file says BEGIN … COMMIT itself, but for the one CREATE INDEX CONCURRENTLY.
  plain: {
    transactional: wrapped,
    except: { '006_audit_log_created_at.sql': single },
    reordering: '005_audit_log.sql',
  },
  'golang-migrate': { transactional: oneMessage('golang-migrate'), reordering: '000005_audit_events.up.sql' },
  dbmate: {
    transactional: inside('dbmate'),
    except: { '20240318113500_audit_trail_recorded_at_index.sql': oneMessage('dbmate') },
    reordering: '20240318113020_audit_trail.sql',
  },
  goose: {
    transactional: inside('goose'),
    // NO TRANSACTION: statement by statement, and there is one.
    except: { '00007_audit_log_created_at_index.sql': single },
    reordering: '00006_audit_log.sql',
  },
  flyway: {
    transactional: inside('flyway'),
    // Flyway runs a migration holding only CREATE INDEX CONCURRENTLY outside a transaction.
    except: { 'V2__audit_entries_created_at_index.sql': single },
    noDowns: true,
  },
  'node-pg-migrate': {
    transactional: inside('node-pg-migrate'),
    reordering: '1709251200000_create-activity-log.sql',
  },
  supabase: {
    transactional: inside('supabase'),
    noDowns: true,
    // auth.users, auth.uid() and the authenticated role come from the supabase-auth pack, applied by default.
  },
  prisma: { transactional: oneMessage('prisma'), noDowns: true },
  diesel: {
    transactional: inside('diesel'),
    // metadata.toml: run_in_transaction = false
    except: { '2024-03-01-091500_index_audit_entries_created_at': oneMessage('diesel') },
    reordering: '2024-03-01-090000_create_audit_entries',
  },
  sqitch: { transactional: wrapped, except: { audit_log_created_at_index: single }, reordering: 'audit_log' },
  'graphile-migrate': {
    transactional: inside('graphile-migrate'),
    // --! no-transaction
    except: { 'committed/000006.sql': oneMessage('graphile-migrate') },
    noDowns: true,
  },
  atlas: {
    transactional: inside('atlas'),
    // -- atlas:txmode none
    except: { '20240301091500_audit_log_created_at_index.sql': single },
    noDowns: true,
  },
  // drizzle-orm's migrator: every pending file in one transaction.
  drizzle: { transactional: inside('drizzle'), noDowns: true },
};

describe.each(EXAMPLE_REPOS)('the $tool repository', ({ tool, dir, migrations }) => {
  const semantics = SEMANTICS[tool];
  // Go and JavaScript migrations are not SQL: see below.
  const sql = migrations.filter((name) => !/\.(go|js)$/.test(name));
  it.each(sql)('%s: APPROVED, applied as the tool applies it', async (name) => {
    const { code, report, status } = await gate(path.join(REPOS, tool), [
      '--dir',
      dir,
      '--target',
      name,
      ...(semantics.args ?? []),
    ]);
    expect({ target: report.target, verdict: report.verdict, code }).toEqual({
      target: name,
      verdict: 'APPROVED',
      code: 0,
    });
    expect(transactionCheck(report)).toBe(semantics.except?.[name] ?? semantics.transactional);
    const rollback = report.tasks.find((t) => t.id === 'rollback')!;
    if (semantics.noDowns) {
      expect(rollback.summary).toBe(`${tool} migrations have no down direction`);
      expect(status.rollback).toBe('N/A');
    } else if (name === semantics.reordering) {
      // PostgreSQL re-adds a dropped column last: the down cannot do better.
      expect(status.rollback).toBe('WARN');
      expect(rollback.findings).toEqual([
        expect.objectContaining({ message: expect.stringContaining('column order') }),
      ]);
    } else {
      expect(rollback.summary).toMatch(
        /^Down migration restores the schema exactly in (\d+|< 1) ms; re-apply succeeds$/,
      );
    }
  });
});

describe('migrations the gate cannot run', () => {
  it('a goose Go migration as the target: a usage error saying what it is', async () => {
    const run = await runCli(
      ['check', '--dir', 'db/migrations', '--target', '00004_backfill_team_slugs.go'],
      path.join(REPOS, 'goose'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'db/migrations/00004_backfill_team_slugs.go is a Go migration: goose runs it from a compiled binary; the gate checks SQL migrations',
    );
  });

  it.each([
    ['goose', 'db/migrations', '00005_rename_teams_to_workspaces.sql', '00004_backfill_team_slugs.go'],
    [
      'node-pg-migrate',
      'migrations',
      '1710460800000_activity-log-kind.sql',
      '1709251800000_activity-log-created-at-index.js',
    ],
  ])(
    '%s: an earlier migration in code is named in a warning, not guessed around',
    async (tool, dir, target, opaque) => {
      const { report } = await gate(path.join(REPOS, tool), ['--dir', dir, '--target', target]);
      const readiness = report.tasks.find((t) => t.id === 'readiness')!;
      expect(readiness.status).toBe('WARN');
      expect(readiness.checks).toContainEqual({
        name: 'Earlier migrations are SQL',
        status: 'WARN',
        finding: `not run by the gate: ${dir}/${opaque}`,
      });
      // Notes (these repositories have no test data) and what the target does to the tables before it (the
      // safety rules' to say) aside, the one thing said is the migration it cannot run.
      expect(readiness.findings.filter((f) => f.severity !== 'info' && !SAFETY_RULE_IDS.includes(f.rule))).toEqual([
        expect.objectContaining({ rule: 'opaque-migration', file: `${dir}/${opaque}`, severity: 'warning' }),
      ]);
    },
  );
});

/** The repository's file, edited: `replace` pairs applied in order, each of which must match. */
function edited(tool: ToolName, file: string, ...replace: [string | RegExp, string][]): Record<string, string> {
  let text = readFileSync(path.join(REPOS, tool, file), 'utf8');
  for (const [from, to] of replace) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${file}: ${String(from)} not found`);
    text = next;
  }
  return { [file]: text };
}

interface Defect {
  tool: ToolName;
  what: string;
  target: string;
  /** The file changed, relative to the repository, and how: replacements, or null to delete it. */
  file: string;
  edits: [string | RegExp, string][] | null;
  task: TaskId;
  /** The finding that says why, at this line of `file` (or of `at`). */
  message: string;
  line?: number;
  at?: string;
  args?: string[];
}

const CIC_IN_TRANSACTION = 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block';
const LOCK_OUTSIDE = 'LOCK TABLE can only be used in transaction blocks';
const atEnd = (text: string): [RegExp, string] => [/$/, text];
const atStart = (text: string): [RegExp, string] => [/^/, text];

const DEFECTS: Defect[] = [
  {
    tool: 'plain',
    what: 'LOCK TABLE in a file without BEGIN: psql runs it on its own',
    target: '004_workspaces.sql',
    file: 'db/migrations/004_workspaces.sql',
    edits: [
      ['BEGIN;\n', ''],
      ['COMMIT;\n', ''],
    ],
    task: 'readiness',
    message: LOCK_OUTSIDE,
    line: 3,
  },
  {
    tool: 'golang-migrate',
    what: 'CREATE INDEX CONCURRENTLY beside another statement: one message, one implicit transaction',
    target: '000006_audit_events_occurred_at_index.up.sql',
    file: 'db/migrations/000006_audit_events_occurred_at_index.up.sql',
    edits: [atStart("SET lock_timeout = '5s';\n")],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 2,
  },
  {
    tool: 'dbmate',
    what: 'a down that leaves the table behind',
    target: '20240318113020_audit_trail.sql',
    file: 'db/migrations/20240318113020_audit_trail.sql',
    edits: [['DROP TABLE audit_trail;\n', '']],
    task: 'rollback',
    message: 'after the down migration: table public.audit_trail left behind (added)',
  },
  {
    tool: 'dbmate',
    what: 'DROP INDEX CONCURRENTLY in a down section without transaction:false',
    target: '20240318113500_audit_trail_recorded_at_index.sql',
    file: 'db/migrations/20240318113500_audit_trail_recorded_at_index.sql',
    edits: [['-- migrate:down transaction:false', '-- migrate:down']],
    task: 'rollback',
    message: 'down migration fails: DROP INDEX CONCURRENTLY cannot run inside a transaction block',
    line: 5,
  },
  {
    tool: 'goose',
    what: 'CREATE INDEX CONCURRENTLY without NO TRANSACTION',
    target: '00007_audit_log_created_at_index.sql',
    file: 'db/migrations/00007_audit_log_created_at_index.sql',
    edits: [['-- +goose NO TRANSACTION\n', '']],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 2,
  },
  {
    tool: 'goose',
    what: 'LOCK TABLE in a NO TRANSACTION migration',
    target: '00005_rename_teams_to_workspaces.sql',
    file: 'db/migrations/00005_rename_teams_to_workspaces.sql',
    edits: [atStart('-- +goose NO TRANSACTION\n')],
    task: 'readiness',
    message: LOCK_OUTSIDE,
    line: 4,
  },
  {
    tool: 'flyway',
    what: 'CREATE INDEX CONCURRENTLY beside another statement: Flyway refuses to mix them',
    target: 'V2__audit_entries_created_at_index.sql',
    file: 'src/main/resources/db/migration/V2__audit_entries_created_at_index.sql',
    edits: [atEnd('ANALYZE audit_entries;\n')],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 3,
  },
  {
    tool: 'node-pg-migrate',
    what: 'CREATE INDEX CONCURRENTLY in a SQL migration: node-pg-migrate always wraps those',
    target: '1710460800000_activity-log-kind.sql',
    file: 'migrations/1710460800000_activity-log-kind.sql',
    edits: [
      [
        '\n-- Down Migration',
        'CREATE INDEX CONCURRENTLY activity_log_source_index ON activity_log (source);\n\n-- Down Migration',
      ],
    ],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 4,
  },
  {
    tool: 'supabase',
    what: 'CREATE INDEX CONCURRENTLY inside the file’s own BEGIN … COMMIT, which the CLI runs as written',
    target: '20240301091500_audit_log_created_at_index.sql',
    file: 'supabase/migrations/20240301091500_audit_log_created_at_index.sql',
    edits: [['create index concurrently', 'begin;\ncreate index concurrently'], atEnd('commit;\n')],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 4,
  },
  {
    tool: 'supabase',
    what: 'policies on auth.uid() read as plain files, without the Supabase project defaults (the auth schema)',
    target: '20240105093000_profiles.sql',
    file: 'supabase/migrations/20240105093000_profiles.sql',
    edits: [],
    task: 'readiness',
    message: 'relation "auth.users" does not exist',
    line: 3,
    args: ['--tool', 'plain'],
  },
  {
    tool: 'prisma',
    what: 'CREATE INDEX CONCURRENTLY after SET lock_timeout: prisma sends the file as one message',
    target: '20240304101500_audit_events_created_at_index',
    file: 'prisma/migrations/20240304101500_audit_events_created_at_index/migration.sql',
    edits: [atStart("SET lock_timeout = '3s';\n")],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 2,
  },
  {
    tool: 'diesel',
    what: 'CREATE INDEX CONCURRENTLY without run_in_transaction = false',
    target: '2024-03-01-091500_index_audit_entries_created_at',
    file: 'migrations/2024-03-01-091500_index_audit_entries_created_at/metadata.toml',
    edits: null,
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    at: 'migrations/2024-03-01-091500_index_audit_entries_created_at/up.sql',
    line: 1,
  },
  {
    tool: 'sqitch',
    what: 'CREATE INDEX CONCURRENTLY inside the script’s BEGIN … COMMIT',
    target: 'audit_log_created_at_index',
    file: 'deploy/audit_log_created_at_index.sql',
    edits: [[/^CREATE INDEX CONCURRENTLY/m, 'BEGIN;\nCREATE INDEX CONCURRENTLY'], atEnd('COMMIT;\n')],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 6,
  },
  {
    tool: 'graphile-migrate',
    what: 'CREATE INDEX CONCURRENTLY without --! no-transaction',
    target: 'committed/000006.sql',
    file: 'migrations/committed/000006.sql',
    edits: [['--! no-transaction\n', '']],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 5,
  },
  {
    tool: 'drizzle',
    what: 'CREATE INDEX CONCURRENTLY in a custom migration: the migrator runs every file in its transaction',
    target: '0005_post_published_at.sql',
    file: 'drizzle/0005_post_published_at.sql',
    edits: [
      atEnd('--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "posts_published_idx" ON "posts" ("published_at");\n'),
    ],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 6,
  },
  {
    tool: 'atlas',
    what: 'CREATE INDEX CONCURRENTLY without -- atlas:txmode none',
    target: '20240301091500_audit_log_created_at_index.sql',
    file: 'migrations/20240301091500_audit_log_created_at_index.sql',
    edits: [['-- atlas:txmode none\n', '']],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 3,
  },
  {
    tool: 'atlas',
    what: 'the directive below the first statement: Atlas reads it only in the file header',
    target: '20240301091500_audit_log_created_at_index.sql',
    file: 'migrations/20240301091500_audit_log_created_at_index.sql',
    edits: [
      ['-- atlas:txmode none\n', "SET lock_timeout = '3s';\n"],
      [/$/, '-- atlas:txmode none\n'],
    ],
    task: 'readiness',
    message: CIC_IN_TRANSACTION,
    line: 4,
  },
];

const changed = (defect: Defect): Record<string, string | null> =>
  defect.edits === null ? { [defect.file]: null } : edited(defect.tool, defect.file, ...defect.edits);

describe('defects each tool would hit: BLOCKED for that reason', () => {
  it.each(DEFECTS)('$tool: $what', async (defect) => {
    const repo = copyRepo(path.join(REPOS, defect.tool), changed(defect));
    const { code, report, status } = await gate(repo, [
      '--dir',
      exampleRepo(defect.tool).dir,
      '--target',
      defect.target,
      ...(defect.args ?? []),
    ]);
    expect({ verdict: report.verdict, code, [defect.task]: status[defect.task] }).toEqual({
      verdict: 'BLOCKED',
      code: 1,
      [defect.task]: 'FAIL',
    });
    expect(report.findings.filter((f) => f.task === defect.task)).toContainEqual(
      expect.objectContaining({
        message: defect.message,
        file: defect.at ?? defect.file,
        ...(defect.line !== undefined ? { line: defect.line } : {}),
      }),
    );
  });

  it('flyway: the same mix is APPROVED where spring.flyway.mixed=true lets Flyway run it statement by statement', async () => {
    const flyway = DEFECTS.find((d) => d.tool === 'flyway')!;
    const repo = copyRepo(path.join(REPOS, 'flyway'), {
      ...changed(flyway),
      ...edited('flyway', 'src/main/resources/application.properties', atEnd('spring.flyway.mixed=true\n')),
    });
    const { code, report } = await gate(repo, ['--dir', exampleRepo('flyway').dir, '--target', flyway.target]);
    expect(code).toBe(0);
    expect(transactionCheck(report)).toBe(
      'run by flyway statement by statement: a failure part-way leaves a partial schema',
    );
  });
});
