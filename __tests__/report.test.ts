import { describe, expect, it } from 'vitest';
import { TASK_IDS, TASK_TITLES } from '../src/types.js';
import type { Finding, GateReport, StatementTrace, TaskId, TaskResult, TaskStatus } from '../src/types.js';
import { codeFence, escapeInline, escapeTableCell, inlineCode, plainLine } from '../src/report/escape.js';
import { renderJson } from '../src/report/json.js';
import { TRUNCATION_NOTE, renderMarkdown } from '../src/report/markdown.js';
import { renderSarif } from '../src/report/sarif.js';
import { renderText } from '../src/report/text.js';
import { describeAction } from '../src/report/summary.js';

const MIGRATION = 'database/migrations/0024_sync_preview_progress_logs.sql';
const GITHUB_LIMIT = 65_536;

function task(id: TaskId, status: TaskStatus, summary: string, extra: Partial<TaskResult> = {}): TaskResult {
  return { id, title: TASK_TITLES[id], status, summary, findings: [], ...extra };
}

function report(tasks: TaskResult[], extra: Partial<GateReport> = {}): GateReport {
  const blocked = tasks.some((t) => t.status === 'FAIL' || t.status === 'BLOCKED');
  return {
    verdict: blocked ? 'BLOCKED' : 'APPROVED',
    target: '0024_sync_preview_progress_logs.sql',
    tasks,
    findings: tasks.flatMap((t) => t.findings),
    requiredActions: [],
    database: {
      kind: 'embedded',
      version: 'PostgreSQL 17.5 on x86_64-pc-linux-gnu, compiled by gcc',
    },
    timings: { total_ms: 1234, apply: 310, validate: 42 },
    ...extra,
  };
}

/** The seed's story: organization and the auth schema are missing. */
function blockedReport(): GateReport {
  const organization: Finding = {
    severity: 'critical',
    rule: 'missing-relation',
    message: 'relation "organization" does not exist',
    object: 'organization',
    file: MIGRATION,
    line: 123,
    column: 36,
    lines: [123, 160, 210],
    task: 'readiness',
    impact: 'All 3 sync tables cannot be created',
    excerpt:
      'CREATE TABLE IF NOT EXISTS sync_preview_cache (\n    org_id UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,',
  };
  const auth: Finding = {
    severity: 'critical',
    rule: 'missing-schema',
    message: 'schema "auth" does not exist',
    object: 'auth',
    file: MIGRATION,
    line: 309,
    column: 27,
    task: 'readiness',
    impact: 'Cannot create 12 RLS policies, cannot set up user-org isolation',
    hint: 'Supabase creates it: add `--prerequisite pack:supabase-auth`.',
    excerpt:
      'CREATE POLICY preview_cache_select ON sync_preview_cache\n    FOR SELECT\n    USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid()));',
  };
  const usersExtended: Finding = {
    severity: 'critical',
    rule: 'missing-relation',
    message: 'relation "auth.users_extended" does not exist',
    object: 'auth.users_extended',
    file: MIGRATION,
    line: 144,
    column: 40,
    lines: [144, 204, 286],
    task: 'readiness',
    impact: 'Cannot enforce user-to-organization mapping, cannot implement RLS isolation',
  };
  // The same missing object seen by another task: the report must list it once.
  const fkTarget: Finding = {
    severity: 'critical',
    rule: 'foreign-key-target-missing',
    message: 'foreign key target organization does not exist',
    object: 'organization',
    file: MIGRATION,
    line: 160,
    column: 36,
    task: 'integration',
  };
  const notCreated: Finding = {
    severity: 'error',
    rule: 'not-created',
    message: 'table sync_progress was not created',
    object: 'sync_progress',
    file: MIGRATION,
    line: 150,
    column: 28,
    task: 'schema',
  };
  const notTransactional: Finding = {
    severity: 'warning',
    rule: 'not-transactional',
    message: 'the migration does not wrap itself in BEGIN … COMMIT',
    file: MIGRATION,
    line: 1,
    column: 1,
    task: 'readiness',
  };
  const blockedTask = (id: TaskId, findings: Finding[] = []): TaskResult =>
    task(id, 'BLOCKED', 'Tables blocked from creation', { findings });
  const tasks = [
    blockedTask('schema', [notCreated]),
    blockedTask('rls'),
    blockedTask('indexes'),
    blockedTask('triggers'),
    blockedTask('enums'),
    blockedTask('integration', [fkTarget]),
    task('readiness', 'FAIL', 'Critical schema missing', {
      findings: [organization, auth, usersExtended, notTransactional],
      checks: [
        {
          name: 'Schema prerequisites exist',
          status: 'FAIL',
          finding: 'organization table missing',
        },
        { name: 'Auth infrastructure exists', status: 'FAIL', finding: 'auth schema missing' },
        {
          name: 'User mapping table exists',
          status: 'FAIL',
          finding: 'auth.users_extended missing',
        },
        { name: 'No active locks', status: 'PASS', finding: 'Database accessible' },
        {
          name: 'Migration can execute',
          status: 'FAIL',
          finding: 'Will fail on FK constraint at line 123',
        },
        { name: 'Migration is transactional', status: 'WARN', finding: 'No BEGIN … COMMIT' },
      ],
    }),
    task('rollback', 'N/A', 'Migration never applied'),
  ];
  return report(tasks, {
    requiredActions: [
      {
        object: 'organization',
        kind: 'table',
        createdBy: ['database/prerequisites/001_organization.sql'],
        lines: [123, 160, 210],
      },
      {
        object: 'auth',
        kind: 'schema',
        createdBy: [],
        lines: [309],
        hint: 'Supabase creates it: add `--prerequisite pack:supabase-auth`.',
      },
      {
        object: 'auth.users_extended',
        kind: 'table',
        createdBy: ['database/prerequisites/002_auth.sql'],
        lines: [144, 204, 286],
      },
    ],
  });
}

function approvedReport(): GateReport {
  const summaries: Record<TaskId, string> = {
    schema: '3 tables with 34 columns',
    rls: '12 policies on 3 tables',
    indexes: '15 indexes, all valid',
    triggers: '5 functions, 5 triggers',
    enums: '4 enum types',
    integration: '5 foreign keys',
    readiness: 'All prerequisites present',
    rollback: 'Down migration restores the schema (0.4 s)',
  };
  const tasks = TASK_IDS.map((id) =>
    task(
      id,
      'PASS',
      summaries[id],
      id === 'readiness'
        ? { checks: [{ name: 'No active locks', status: 'PASS', finding: 'Database accessible' }] }
        : {},
    ),
  );
  return report(tasks, { database: { kind: 'neon', version: '17.5' } });
}

/** Lines outside fenced code blocks; fails the test when a fence is left open. */
function proseLines(markdown: string): string[] {
  const prose: string[] = [];
  let open: number | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (open === undefined) {
      if (fence) open = fence.length;
      else prose.push(line);
    } else if (fence && fence.length >= open && /^`+\s*$/.test(line)) {
      open = undefined;
    }
  }
  expect(open, 'a code fence is left open').toBeUndefined();
  return prose;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The rows of the Quick Status table, header and separator included. */
function quickStatusTable(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('| Component | Status | Details |');
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

const unescapedPipes = (row: string): number => (row.match(/(?<!\\)\|/g) ?? []).length;

/** A traced statement that rewrote a table from before, as report.json has it. */
const REWRITE: StatementTrace = {
  line: 12,
  statement: 'AlterTableStmt',
  locks: [
    { relation: 'public.sync_progress', modes: ['SHARE', 'ACCESS EXCLUSIVE'], rows: 12e6, rowsFrom: 'table_sizes' },
  ],
  rewritten: ['public.sync_progress'],
  scanned: [{ relation: 'public.sync_progress', rowsRead: 3 }],
  strongestLock: { relation: 'public.sync_progress', mode: 'ACCESS EXCLUSIVE', heldMs: 4.2 },
  impact:
    'rewrites sync_progress (≈ 12 M rows, table_sizes) under ACCESS EXCLUSIVE: blocks reads and writes for minutes',
};

describe('renderMarkdown', () => {
  it('renders the seed report', () => {
    expect(renderMarkdown(blockedReport())).toMatchSnapshot();
  });

  it('renders an approved report', () => {
    expect(renderMarkdown(approvedReport())).toMatchSnapshot();
  });

  it('renders the trace: a row per statement that did something to a table from before, escaped, cut at 15', () => {
    const quiet: StatementTrace = { line: 14, statement: 'CommentStmt', locks: [], rewritten: [], scanned: [] };
    const hostile: StatementTrace = {
      ...REWRITE,
      line: 20,
      statement: 'IndexStmt',
      strongestLock: { relation: 'public.a|b<img src=x>', mode: 'SHARE', heldMs: 1 },
      impact: 'builds an index on a|b<img src=x> (size unknown) under SHARE: blocks writes while it runs',
    };
    const many = Array.from({ length: 16 }, (_, i) => ({ ...REWRITE, line: 30 + i }));
    const markdown = renderMarkdown({ ...approvedReport(), trace: [REWRITE, quiet, hostile, ...many] });
    const section = markdown.slice(markdown.indexOf('## Existing Tables'), markdown.lastIndexOf('\n\n---'));
    expect(section).toMatchSnapshot();
    expect(section).not.toContain('| 14 |');
    expect(section).toContain('a\\|b&lt;img src=x&gt;');
    expect(section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Line'))).toHaveLength(15);
    expect(section).toContain('_… and 3 more statement(s): report.json lists every one._');
  });

  it('renders a collapsed sticky comment', () => {
    const marker = '<!-- migration-gate: database/migrations -->';
    const markdown = renderMarkdown(blockedReport(), { collapseDetails: true, marker });
    expect(markdown).toMatchSnapshot();
    expect(markdown.split('\n')[0]).toBe(marker);
    const table = markdown.indexOf('## Quick Status');
    const details = markdown.indexOf('<details><summary>Full report</summary>\n\n');
    expect(table).toBeGreaterThan(0);
    expect(details).toBeGreaterThan(table);
    expect(markdown.indexOf('## Critical Issues Found')).toBeGreaterThan(details);
    expect(markdown).toContain('\n\n</details>\n\n');
  });

  it('states the seed facts', () => {
    const markdown = renderMarkdown(blockedReport());
    expect(markdown).toMatch(/^# Migration 0024_sync_preview_progress_logs\.sql — ❌ BLOCKED\n/);
    expect(markdown).toContain('**Database:** PostgreSQL 17.5 (embedded)');
    expect(markdown).toContain('| Schema Validation | ⛔ BLOCKED | Tables blocked from creation |');
    expect(markdown).toContain('| Production Readiness | ❌ FAIL | Critical schema missing |');
    expect(markdown).toContain('| Rollback Procedure | N/A | Migration never applied |');
    expect(markdown).toContain('**OVERALL:** ❌ NOT APPROVED');
    expect(markdown).toContain('**Lines:** 144, 204, 286');
    expect(markdown).toContain('**Lines:** 123, 160, 210');
    expect(markdown).toContain(`**File:** \`${MIGRATION}:123:36\``);
    expect(markdown).toContain('**Impact:** All 3 sync tables cannot be created');
    // organization is reported by two tasks but is one issue.
    expect(count(markdown, 'CRITICAL: ')).toBe(3);
    expect(markdown).toContain('### 1. CRITICAL: relation "organization" does not exist');
    expect(markdown).toContain('```sql\nCREATE TABLE IF NOT EXISTS sync_preview_cache (');
    expect(markdown).toContain(
      '1. Create `organization` (table) — created by `database/prerequisites/001_organization.sql`: supply it with `--prerequisite database/prerequisites/001_organization.sql` (or `prerequisites:` in migration-gate.yml); needed on lines 123, 160, 210',
    );
    expect(markdown).toContain(
      '2. Create `auth` (schema) — needed on line 309. Supabase creates it: add `--prerequisite pack:supabase-auth`.',
    );
    expect(markdown).toContain('**Hint:** Supabase creates it: add `--prerequisite pack:supabase-auth`.');
    expect(markdown).toContain('**Check 4: No active locks**\n- Result: ✓ PASS\n- Finding: Database accessible');
    expect(markdown).toContain(
      `- ❌ **sync_progress** — table sync_progress was not created (\`${MIGRATION}:150:28\`)`,
    );
  });

  it('lists the blocking gate in the order things must happen', () => {
    const markdown = renderMarkdown(blockedReport());
    const gate = markdown.slice(markdown.indexOf('## Blocking Gate'));
    expect(gate).toContain('**DO NOT PROCEED TO APPLICATION DEPLOYMENT**');
    const steps = gate.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(steps).toEqual([
      '1. `organization` (table) is created ← MUST DO FIRST',
      '2. `auth` (schema) is created ← MUST DO SECOND',
      '3. `auth.users_extended` (table) is created ← MUST DO THIRD',
      '4. Migration 0024_sync_preview_progress_logs.sql is successfully applied ← THEN THIS',
      '5. All 8 validation tasks pass ← THEN VERIFY',
    ]);
  });

  it('has no blocking gate, critical issues or required actions when approved', () => {
    const markdown = renderMarkdown(approvedReport());
    expect(markdown).toMatch(/^# Migration .* — ✅ APPROVED\n/);
    expect(markdown).toContain('**OVERALL:** ✅ APPROVED');
    expect(markdown).not.toContain('## Blocking Gate');
    expect(markdown).not.toContain('## Critical Issues Found');
    expect(markdown).not.toContain('## Required Actions');
    expect(
      quickStatusTable(markdown)
        .slice(2)
        .every((row) => row.includes('| ✅ PASS |')),
    ).toBe(true);
  });

  it('keeps the rows in contract order whatever order the tasks come in', () => {
    const shuffled = blockedReport();
    shuffled.tasks.reverse();
    const rows = quickStatusTable(renderMarkdown(shuffled)).slice(2);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual([
      '| Schema Validation',
      '| RLS Policies',
      '| Indexes',
      '| Triggers',
      '| Enums',
      '| Integration Points',
      '| Production Readiness',
      '| Rollback Procedure',
    ]);
  });
});

describe('renderMarkdown size limit', () => {
  function hugeReport(): GateReport {
    const base = blockedReport();
    const many: Finding[] = Array.from({ length: 2_000 }, (_, i) => ({
      severity: 'critical',
      rule: 'missing-relation',
      message: `relation "missing_table_${i}" does not exist`,
      object: `missing_table_${i}`,
      file: MIGRATION,
      line: 1_000 + i,
      column: 5,
      task: 'readiness',
      impact: 'Cannot create the tables that reference it',
      excerpt: `CREATE TABLE t_${i} (\n  id uuid REFERENCES missing_table_${i}(id)\n);`,
    }));
    const readiness = base.tasks.find((t) => t.id === 'readiness');
    readiness?.findings.push(...many);
    return { ...base, findings: base.tasks.flatMap((t) => t.findings) };
  }

  for (const collapseDetails of [true, false]) {
    it(`stays within GitHub's limit with 2,000 findings (collapsed: ${collapseDetails})`, () => {
      const full = renderMarkdown(hugeReport(), { collapseDetails });
      expect(full.length).toBeGreaterThan(GITHUB_LIMIT);
      const markdown = renderMarkdown(hugeReport(), { collapseDetails, maxLength: GITHUB_LIMIT });
      expect(markdown.length).toBeLessThanOrEqual(GITHUB_LIMIT);
      expect(quickStatusTable(markdown)).toEqual(quickStatusTable(full));
      expect(quickStatusTable(markdown)).toHaveLength(10);
      expect(markdown).toContain(TRUNCATION_NOTE);
      expect(count(markdown, '<details><summary>Full report</summary>')).toBe(collapseDetails ? 1 : 0);
      expect(count(markdown, '</details>')).toBe(count(markdown, '<details>'));
      proseLines(markdown);
      // What people must do survives; the long tail of findings does not.
      expect(markdown).toContain('## Blocking Gate');
      expect(markdown).toContain('## Required Actions');
      expect(markdown).toContain('### Validation Task 8: Rollback Procedure');
      expect(markdown).toContain('### 1. CRITICAL: relation "organization" does not exist');
      expect(markdown).toMatch(/<sub>migration-gate \d+\.\d+\.\d+ · PostgreSQL 17\.5 \(embedded\) · 1\.23 s — /);
      const shown = count(markdown, 'CRITICAL: ');
      expect(shown).toBeGreaterThan(10);
      expect(markdown).toContain(`_… and ${2_003 - shown} more, not shown here._`);
    });
  }

  it('is untouched when it fits', () => {
    const markdown = renderMarkdown(blockedReport(), { maxLength: GITHUB_LIMIT });
    expect(markdown).toBe(renderMarkdown(blockedReport()));
    expect(markdown).not.toContain(TRUNCATION_NOTE);
  });

  it('honours a tiny limit', () => {
    for (const maxLength of [200, 1_500, 3_000]) {
      const markdown = renderMarkdown(blockedReport(), { maxLength, collapseDetails: true });
      expect(markdown.length).toBeLessThanOrEqual(maxLength);
      expect(count(markdown, '</details>')).toBe(count(markdown, '<details>'));
      proseLines(markdown);
    }
  });
});

describe('escape helpers', () => {
  it('escapes pipes and line breaks in table cells', () => {
    expect(escapeTableCell('a|b')).toBe('a\\|b');
    expect(escapeTableCell('first\nsecond')).toBe('first<br>second');
  });

  it('turns HTML into text', () => {
    expect(escapeInline('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeInline('a & b')).toBe('a &amp; b');
    expect(escapeInline('&lt;')).toBe('&amp;lt;');
  });

  it('neutralises links, emphasis, code and the escape character', () => {
    expect(escapeInline('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    expect(escapeInline('*bold* `code` ~~gone~~ \\')).toBe('\\*bold\\* \\`code\\` \\~\\~gone\\~\\~ \\\\');
    expect(escapeInline('sync_progress')).toBe('sync_progress');
    expect(escapeInline('_emphasis_')).toBe('\\_emphasis\\_');
  });

  it('neutralises mentions and issue references', () => {
    expect(escapeInline('ping @octocat and @org/team')).toBe('ping @\u200Doctocat and @\u200Dorg/team');
    expect(escapeInline('fixes #12')).toBe('fixes #\u200D12');
  });

  it('keeps text on one line so it cannot open a block', () => {
    expect(escapeInline('boom\n# Heading\n\n- item')).toBe('boom # Heading - item');
  });

  it('removes control characters and bidi overrides', () => {
    expect(plainLine('ok\u001b[31mred\u001b[0m\u202Egnp.exe')).toBe('ok[31mred[0mgnp.exe');
    expect(escapeInline('a\u0000b')).toBe('ab');
  });

  it('picks an inline code fence longer than any backtick run', () => {
    expect(inlineCode('organization')).toBe('`organization`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('```')).toBe('```` ``` ````');
    expect(inlineCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(inlineCode('<b>')).toBe('`<b>`');
  });

  it('picks a block fence the content cannot close', () => {
    const sql = 'SELECT 1; -- ```\n```\n</details>';
    const block = codeFence(sql, 'sql');
    expect(block).toBe('````sql\nSELECT 1; -- ```\n```\n</details>\n````');
    expect(codeFence('SELECT 1;', 'sql')).toBe('```sql\nSELECT 1;\n```');
  });
});

describe('renderMarkdown escaping', () => {
  function hostileReport(): GateReport {
    const base = blockedReport();
    const evil: Finding = {
      severity: 'critical',
      rule: 'missing-relation',
      message: '<img src=x onerror=alert(1)> does not exist',
      object: 'evil|name<script>alert(1)</script>',
      file: 'database/migrations/`0025`|x.sql',
      line: 7,
      column: 1,
      task: 'readiness',
      impact: 'cc @octocat [click](https://evil.example)',
      excerpt: "-- ```\n</details>\n## APPROVED\nSELECT '```';",
    };
    const schema = base.tasks[0];
    if (schema) schema.summary = 'a | b\n| injected | row |';
    base.tasks.find((t) => t.id === 'readiness')?.findings.push(evil);
    base.requiredActions.push({
      object: 'x`y|z',
      kind: 'table<br>',
      createdBy: ['prereq/@octocat.sql'],
      lines: [7],
    });
    return {
      ...base,
      target: '0025_<b>bold</b>.sql',
      findings: base.tasks.flatMap((t) => t.findings),
    };
  }

  it('produces no raw HTML from migration text', () => {
    const markdown = renderMarkdown(hostileReport(), { collapseDetails: true });
    const prose = proseLines(markdown).join('\n');
    expect(prose).not.toMatch(/<img|<script|<b>|<\/?details>\s*\n## APPROVED/);
    expect(prose).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A mention survives only inside a code span, where GitHub does not link it.
    expect(prose.match(/@octocat/g)).toHaveLength(2);
    expect(prose).toContain('`prereq/@octocat.sql`');
    expect(prose).toContain('`--prerequisite prereq/@octocat.sql`');
    expect(prose).toContain('cc @\u200Doctocat');
    expect(prose).not.toMatch(/(?<!\\)\[click/);
    // Only the renderer's own <details> exist outside code: the full report's and the SQL excerpts'.
    const own =
      count(prose, '<details><summary>Full report</summary>') + count(prose, '<details><summary>SQL</summary>');
    expect(count(prose, '<details>')).toBe(own);
    expect(count(prose, '</details>')).toBe(own);
    expect(prose).not.toMatch(/^## APPROVED/m);
  });

  it('keeps the Quick Status table intact', () => {
    const rows = quickStatusTable(renderMarkdown(hostileReport()));
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(unescapedPipes(row)).toBe(4);
    expect(rows[2]).toBe('| Schema Validation | ⛔ BLOCKED | a \\| b<br>\\| injected \\| row \\| |');
  });

  it('keeps the excerpt inside its fence', () => {
    const markdown = renderMarkdown(hostileReport());
    expect(markdown).toContain("````sql\n-- ```\n</details>\n## APPROVED\nSELECT '```';\n````");
    const prose = proseLines(markdown);
    expect(prose).toContain('## Required Actions');
    expect(prose).toContain('## Blocking Gate');
  });
});

describe('renderText', () => {
  it('lists what each statement did to a table from before, under Existing tables', () => {
    const quiet: StatementTrace = { line: 14, statement: 'CommentStmt', locks: [], rewritten: [], scanned: [] };
    const text = renderText({ ...approvedReport(), trace: [REWRITE, quiet] }, { color: false });
    const section = text.slice(text.indexOf('Existing tables'));
    expect(section.split('\n').slice(0, 3)).toEqual([
      'Existing tables',
      '  line 12   ALTER TABLE — ACCESS EXCLUSIVE on sync_progress, held 4.2 ms',
      '            rewrites sync_progress (≈ 12 M rows, table_sizes) under ACCESS EXCLUSIVE: blocks reads and writes for minutes',
    ]);
    expect(section).not.toContain('line 14');
  });

  it('has no ANSI codes without colour', () => {
    const text = renderText(blockedReport(), { color: false });
    expect(text).not.toContain('\u001b[');
    expect(text).toMatchSnapshot();
  });

  it('aligns the status table', () => {
    const lines = renderText(blockedReport(), { color: false }).split('\n');
    const start = lines.findIndex((line) => line.startsWith('Component'));
    const rows = lines.slice(start, start + 9);
    const statusColumn = rows[0]?.indexOf('Status');
    expect(rows[1]?.indexOf('BLOCKED')).toBe(statusColumn);
    expect(rows[7]?.indexOf('FAIL')).toBe(statusColumn);
    expect(rows[8]?.indexOf('N/A')).toBe(statusColumn);
    const detailsColumn = rows[0]?.indexOf('Details');
    expect(rows[1]?.indexOf('Tables blocked from creation')).toBe(detailsColumn);
  });

  it('shows critical issues with file:line:column and the required actions', () => {
    const text = renderText(blockedReport(), { color: false });
    expect(text).toMatch(/^Migration 0024_sync_preview_progress_logs\.sql — BLOCKED\n/);
    expect(text).toContain(`at ${MIGRATION}:123:36 · lines 123, 160, 210`);
    expect(text).toContain('Impact: All 3 sync tables cannot be created');
    expect(text).toContain(
      '1. Create organization (table) — created by database/prerequisites/001_organization.sql: supply it with `--prerequisite database/prerequisites/001_organization.sql` (or `prerequisites:` in migration-gate.yml); needed on lines 123, 160, 210',
    );
    expect(count(text, 'CRITICAL')).toBe(3);
  });

  it("a role no file creates: the action says how production's roles are given to the gate, its name quoted where it must be", () => {
    const plain = (object: string) =>
      describeAction(
        { object, kind: 'role', createdBy: [], lines: [1, 3] },
        (t) => t,
        (t) => t,
      );
    expect(plain('analytics_readonly')).toBe(
      "Create analytics_readonly (role) — no file in the repository creates it: production's roles are made outside migrations: add `CREATE ROLE analytics_readonly NOLOGIN;` to a file listed under `prerequisites:` in migration-gate.yml (or `pg_dumpall --roles-only` of production); needed on lines 1, 3",
    );
    expect(plain('App "Users"')).toContain('`CREATE ROLE "App ""Users""" NOLOGIN;`');
  });

  it('colours statuses when asked', () => {
    const text = renderText(approvedReport(), { color: true });
    expect(text).toContain('\u001b[32mPASS\u001b[0m');
    const blocked = renderText(blockedReport(), { color: true });
    expect(blocked).toContain('\u001b[31mBLOCKED\u001b[0m');
    expect(blocked).toContain('\u001b[2mN/A\u001b[0m');
  });

  it('lists what qualifies the verdict under Notes: an empty table could not show a data-dependent failure', () => {
    const empty: Finding = {
      severity: 'info',
      rule: 'no-test-data',
      message: 'no rows in account before the migration: failures that depend on existing rows cannot show here',
      file: MIGRATION,
      task: 'readiness',
      hint: 'add fixtures (fixtures: in migration-gate.yml, --fixture) or set fixtures: generate',
    };
    const many = Array.from({ length: 6 }, (_, i) => ({ ...empty, message: `note ${i}` }));
    const text = renderText({ ...approvedReport(), findings: [empty] }, { color: false });
    const section = text.slice(text.indexOf('Notes'));
    expect(section.split('\n').slice(0, 3)).toEqual([
      'Notes',
      `  info     ${MIGRATION}  no rows in account before the migration: failures that depend on existing rows cannot show here [no-test-data]`,
      '             Hint: add fixtures (fixtures: in migration-gate.yml, --fixture) or set fixtures: generate',
    ]);
    const long = renderText({ ...approvedReport(), findings: many }, { color: false });
    expect(long).toContain('note 4');
    expect(long).not.toContain('note 5');
    expect(long).toContain('  … and 1 more (--format markdown or json lists them all)');
    expect(renderText(approvedReport(), { color: false })).not.toContain('Notes');
  });

  it('does not let migration text write escape sequences', () => {
    const hostile = { ...blockedReport(), target: 'x\u001b[2J.sql' };
    expect(renderText(hostile, { color: false })).not.toContain('\u001b');
  });
});

describe('renderJson', () => {
  it('serialises the report in contract key order', () => {
    const shuffled = blockedReport();
    const reordered = {
      timings: shuffled.timings,
      findings: shuffled.findings,
      database: shuffled.database,
      requiredActions: shuffled.requiredActions,
      tasks: shuffled.tasks,
      target: shuffled.target,
      verdict: shuffled.verdict,
    } satisfies GateReport;
    const json = renderJson(reordered);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'verdict',
      'target',
      'tasks',
      'findings',
      'requiredActions',
      'database',
      'timings',
    ]);
    expect(parsed).toEqual(shuffled);
    expect(json.startsWith('{\n  "verdict": "BLOCKED",\n  "target": ')).toBe(true);
  });

  it('omits undefined fields', () => {
    const json = renderJson(approvedReport());
    expect(json).not.toContain('"checks": null');
    expect(json).not.toContain('undefined');
    const parsed = JSON.parse(json) as GateReport;
    expect(Object.keys(parsed.tasks[0] ?? {})).toEqual(['id', 'title', 'status', 'summary', 'findings']);
    const finding = (JSON.parse(renderJson(blockedReport())) as GateReport).findings[0];
    expect(Object.keys(finding ?? {})).toEqual([
      'severity',
      'rule',
      'message',
      'object',
      'file',
      'line',
      'column',
      'task',
    ]);
  });
});

describe("the server's DETAIL and HINT", () => {
  const downFails: Finding = {
    severity: 'error',
    rule: 'sql-error',
    message: 'down migration fails: could not create unique index "account_email"',
    file: 'database/migrations/0024.down.sql',
    line: 4,
    column: 1,
    task: 'rollback',
    detail: 'Key (email)=(<b>@octocat</b>) is duplicated.',
    hint: 'Remove the duplicates, or drop `UNIQUE`.',
  };
  const withNotes = (): GateReport => {
    const base = blockedReport();
    base.tasks.find((t) => t.id === 'rollback')?.findings.push(downFails);
    return { ...base, findings: base.tasks.flatMap((t) => t.findings) };
  };

  it('stay under their finding in Markdown, escaped, the hint with its code', () => {
    const markdown = renderMarkdown(withNotes());
    expect(markdown).toContain(
      [
        '- ❌ down migration fails: could not create unique index "account_email" (`database/migrations/0024.down.sql:4:1`)',
        '  - **Detail:** Key (email)=(&lt;b&gt;@\u200Doctocat&lt;/b&gt;) is duplicated.',
        '  - **Hint:** Remove the duplicates, or drop `UNIQUE`.',
      ].join('\n'),
    );
  });

  it('are lines of the text report and of the SARIF message; keys of the JSON finding', () => {
    const text = renderText(withNotes(), { color: false });
    expect(text).toContain(
      '             Detail: Key (email)=(<b>@octocat</b>) is duplicated.\n             Hint: Remove the duplicates, or drop `UNIQUE`.',
    );
    const sarif = JSON.parse(renderSarif(withNotes(), { toolVersion: '0.1.0' })) as {
      runs: [{ results: { ruleId: string; message: { text: string } }[] }];
    };
    expect(sarif.runs[0].results.find((r) => r.ruleId === 'sql-error')?.message.text).toBe(
      `${downFails.message}\nDetail: ${downFails.detail}\nHint: ${downFails.hint}`,
    );
    const json = JSON.parse(renderJson(withNotes())) as GateReport;
    expect(Object.keys(json.findings.find((f) => f.rule === 'sql-error') ?? {}).slice(-2)).toEqual(['detail', 'hint']);
  });
});

describe('renderSarif', () => {
  interface Sarif {
    $schema: string;
    version: string;
    runs: Array<{
      tool: {
        driver: {
          name: string;
          version: string;
          informationUri: string;
          rules: Array<{
            id: string;
            defaultConfiguration: { level: string };
            shortDescription: { text: string };
            fullDescription: { text: string };
            help: { text: string };
          }>;
        };
      };
      results: Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        partialFingerprints: Record<string, string>;
        locations?: Array<{
          physicalLocation: {
            artifactLocation: { uri: string };
            region?: { startLine: number; startColumn?: number; endLine: number };
          };
        }>;
      }>;
    }>;
  }

  function sarifOf(report: GateReport): Sarif {
    return JSON.parse(renderSarif(report, { toolVersion: '0.1.0' })) as Sarif;
  }

  it('has the SARIF 2.1.0 envelope', () => {
    const sarif = sarifOf(blockedReport());
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]?.tool.driver).toMatchObject({ name: 'migration-gate', version: '0.1.0' });
    expect(sarif.runs[0]?.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('has one rule per distinct rule id, indexed consistently', () => {
    const report = blockedReport();
    const run = sarifOf(report).runs[0];
    const rules = run?.tool.driver.rules ?? [];
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(report.findings.map((f) => f.rule)));
    for (const rule of rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.fullDescription.text).not.toBe('');
      expect(rule.help.text).not.toBe('');
    }
    expect(run?.results).toHaveLength(report.findings.length);
    for (const result of run?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
    }
    expect(rules.find((r) => r.id === 'missing-relation')?.defaultConfiguration.level).toBe('error');
    expect(rules.find((r) => r.id === 'not-transactional')?.defaultConfiguration.level).toBe('warning');
  });

  it('maps severities and locations', () => {
    const report = blockedReport();
    report.findings.push({
      severity: 'info',
      rule: 'sequence-advanced',
      message: 'sequence public.t_id_seq advanced',
      task: 'readiness',
    });
    const results = sarifOf(report).runs[0]?.results ?? [];
    const organization = results.find((r) => r.message.text.startsWith('relation "organization"'));
    expect(organization?.level).toBe('error');
    expect(organization?.message.text).toContain('All 3 sync tables cannot be created');
    expect(organization?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: MIGRATION },
      region: { startLine: 123, startColumn: 36, endLine: 123 },
    });
    expect(results.find((r) => r.ruleId === 'not-transactional')?.level).toBe('warning');
    const info = results.find((r) => r.ruleId === 'sequence-advanced');
    expect(info?.level).toBe('note');
    expect(info?.locations).toBeUndefined();
  });

  it('writes forward-slash URIs and stable fingerprints', () => {
    const report = blockedReport();
    const finding = report.findings[0];
    if (finding) finding.file = 'database\\migrations\\0024 sync.sql';
    const first = sarifOf(report).runs[0]?.results[0];
    expect(first?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe('database/migrations/0024%20sync.sql');
    const moved = blockedReport();
    const movedFinding = moved.findings[0];
    if (movedFinding) {
      movedFinding.file = 'database\\migrations\\0024 sync.sql';
      movedFinding.line = 999;
    }
    const again = sarifOf(moved).runs[0]?.results[0];
    expect(again?.partialFingerprints).toEqual(first?.partialFingerprints);
    const fingerprints = (sarifOf(blockedReport()).runs[0]?.results ?? []).map(
      (r) => Object.values(r.partialFingerprints)[0],
    );
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
