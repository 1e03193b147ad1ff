import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/report/markdown.js';
import { singularOne, withGrammar } from '../src/report/grammar.js';
import { formatLines, linesPhrase } from '../src/report/summary.js';
import { TASK_IDS, TASK_TITLES, type Finding, type GateReport } from '../src/types.js';

const FILE = 'db/migrations/002_orders.sql';

/** A BLOCKED report: `customers` is missing, and two foreign keys point at it and at `regions`. */
function report(): GateReport {
  const missing: Finding = {
    severity: 'critical',
    rule: 'missing-relation',
    message: 'relation "customers" does not exist',
    object: 'customers',
    file: FILE,
    line: 3,
    column: 42,
    task: 'readiness',
  };
  const fk = (table: string, column: string, target: string): Finding => ({
    severity: 'error',
    rule: 'foreign-key-target-missing',
    message: `${table}.${column} → ${target}.id (MISSING TARGET)`,
    object: `${table}.${column}`,
    file: FILE,
    line: 3,
    task: 'integration',
  });
  const tasks = TASK_IDS.map((id) => ({
    id,
    title: TASK_TITLES[id],
    status: id === 'rollback' ? ('N/A' as const) : ('BLOCKED' as const),
    summary: id === 'rls' ? 'Cannot create 1 policies' : 'blocked',
    findings:
      id === 'readiness'
        ? [missing]
        : id === 'integration'
          ? [fk('orders', 'customer_id', 'customers'), fk('orders', 'region_id', 'regions')]
          : [],
  }));
  return {
    verdict: 'BLOCKED',
    target: '002_orders.sql',
    tasks,
    findings: tasks.flatMap((t) => t.findings),
    requiredActions: [],
    database: { kind: 'embedded', version: 'PostgreSQL 17.10' },
    timings: { total_ms: 900 },
  };
}

describe('reports that read well', () => {
  it('folds a long list of lines into its span and count', () => {
    expect(formatLines([123, 139, 202])).toBe('123, 139, 202');
    const many = Array.from({ length: 18 }, (_, i) => 311 + i * 3 + (i === 17 ? 13 : 0));
    expect(linesPhrase(many)).toBe('lines 311–375, 18 places');
  });

  it('lists a missing table once: not again as the target of a foreign key', () => {
    const markdown = renderMarkdown(report());
    expect(markdown.match(/customers/g)?.length).toBeGreaterThan(0);
    expect(markdown).not.toContain('orders.customer\\_id → customers.id');
    expect(markdown).not.toContain('orders.customer_id → customers.id');
    // A target that is not a critical issue of its own stays listed.
    expect(markdown).toMatch(/orders\.region\\?_id → regions\.id \(MISSING TARGET\)/);
  });

  it('groups critical issues by file when they are in several', () => {
    const single = renderMarkdown(report());
    expect(single).not.toContain('**In `');
    const earlier: Finding = {
      severity: 'critical',
      rule: 'earlier-migration-fails',
      message: 'relation "accounts" does not exist',
      object: 'accounts',
      file: 'db/migrations/001_accounts.sql',
      line: 1,
      task: 'readiness',
    };
    const both = report();
    both.tasks.find((t) => t.id === 'readiness')!.findings.push(earlier);
    both.findings = both.tasks.flatMap((t) => t.findings);
    const markdown = renderMarkdown(both);
    const inTarget = markdown.indexOf(`**In \`${FILE}\`:**`);
    const inEarlier = markdown.indexOf('**In `db/migrations/001_accounts.sql`:**');
    expect(inTarget).toBeGreaterThan(0);
    expect(inEarlier).toBeGreaterThan(inTarget);
    expect(markdown.indexOf('### 2. CRITICAL: relation "accounts" does not exist')).toBeGreaterThan(inEarlier);
  });

  it('writes a count of one in the singular', () => {
    expect(singularOne('Cannot create 1 policies and 1 indexes; 11 tables, 21 foreign keys')).toBe(
      'Cannot create 1 policy and 1 index; 11 tables, 21 foreign keys',
    );
    expect(singularOne('1 enum types (1 values), in order; 2 enum types (1/3 values)')).toBe(
      '1 enum type (1 value), in order; 2 enum types (1/3 values)',
    );
    const probed = withGrammar({
      ...report(),
      probes: [
        { task: 'rls', kind: 'isolation', object: 'notes SELECT', outcome: 'pass', detail: 'sees 1 rows of tenant A' },
      ],
    });
    expect(probed.probes![0]!.detail).toBe('sees 1 row of tenant A');
    const fixed = withGrammar(report());
    expect(fixed.tasks.find((t) => t.id === 'rls')?.summary).toBe('Cannot create 1 policy');
    expect(fixed.findings).toHaveLength(report().findings.length);
  });

  it('ends with the gate version, the PostgreSQL version and the time taken', () => {
    expect(renderMarkdown(report()).trimEnd().split('\n').at(-1)).toMatch(
      /^<sub>migration-gate \d+\.\d+\.\d+ · PostgreSQL 17\.10 \(embedded\) · 900 ms<\/sub>$/,
    );
  });
});
