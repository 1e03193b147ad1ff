import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { EXAMPLE, SEED_REMEDIATION, runCli, type CliRun } from './helpers/cli.js';

/**
 * The seed's APPROVED story: the same 0024 once the remediation phases are
 * done (organization, auth schema, test data), all eight tasks PASS.
 */
describe('seed story: 0024 with its prerequisites is APPROVED', () => {
  let run: CliRun;
  let report: GateReport;
  let markdown: string;
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'mg-approved-'));
  afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

  beforeAll(async () => {
    run = await runCli(
      ['check', ...SEED_REMEDIATION, '--format', 'json', '--quiet', '--report-dir', reportDir],
      EXAMPLE,
    );
    report = JSON.parse(run.stdout) as GateReport;
    markdown = readFileSync(path.join(reportDir, 'report.md'), 'utf8');
  });

  it('exits 0 with every task PASS', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('APPROVED');
    expect(report.tasks.map((t) => [t.id, t.status])).toEqual([
      ['schema', 'PASS'],
      ['rls', 'PASS'],
      ['indexes', 'PASS'],
      ['triggers', 'PASS'],
      ['enums', 'PASS'],
      ['integration', 'PASS'],
      ['readiness', 'PASS'],
      ['rollback', 'PASS'],
    ]);
    expect(report.findings).toEqual([]);
  });

  it('lists its probes: the tenants isolated as a non-owner role with a user of tenant A, triggers fired, cascades counted', () => {
    const probes = report.probes!;
    const as = {
      role: 'migration_gate_probe',
      settings: { 'request.jwt.claim.sub': '0b6a3c1e-5d2f-4a8b-9c7d-2e1f3a4b5c01' },
    };
    for (const table of ['sync_preview_cache', 'sync_activity_log']) {
      for (const command of ['SELECT', 'UPDATE', 'DELETE', 'INSERT']) {
        expect(probes).toContainEqual(expect.objectContaining({ object: `${table} ${command}`, outcome: 'pass', as }));
      }
    }
    expect(probes).toContainEqual(
      expect.objectContaining({
        object: 'sync_preview_cache_auto_cleanup',
        outcome: 'pass',
        detail: 'declared INSERT; fired by INSERT',
      }),
    );
    expect(probes.filter((p) => p.kind === 'cascade' && p.outcome === 'pass').length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.outcome === 'fail' || p.outcome === 'warn')).toEqual([]);
    expect(markdown).toContain('**Behaviour** as migration_gate_probe (request.jwt.claim.sub=0b6a3c1e');
  });

  it("summarises each task in the seed's terms", () => {
    const summary = Object.fromEntries(report.tasks.map((t) => [t.id, t.summary]));
    expect(summary.schema).toBe('3 tables, 8/16/10 columns, 4 partitions');
    expect(summary.rls).toBe('12 policies on 3 tables, RLS enabled');
    expect(summary.indexes).toMatch(/^15 indexes, all valid/);
    expect(summary.triggers).toBe('5 functions, 5 triggers attached as declared');
    expect(summary.enums).toBe('4 enum types (4/8/8/8 values), in order');
    // Five in CREATE TABLE, one added by ALTER TABLE (the composite same-organization key).
    expect(summary.integration).toBe('6 foreign keys, targets and ON DELETE as declared');
    expect(summary.rollback).toMatch(/^Down migration restores the schema exactly in (\d+|< 1) ms; re-apply succeeds$/);
  });

  it('does not second-guess the history it applied itself (0023 ran a moment ago, on this server)', () => {
    const readiness = report.tasks.find((t) => t.id === 'readiness')!;
    expect(readiness.checks?.map((c) => c.name)).not.toContain('Target matches migration history');
    expect(report.findings.filter((f) => f.rule === 'earlier-migration-not-applied')).toEqual([]);
  });

  it('traces what 0024 does to the tables before it: new foreign keys lock organization, nothing is rewritten or read', () => {
    const table = report.trace!.find((entry) => entry.line === 121)!;
    expect(table.statement).toBe('CreateStmt');
    expect(table.locks).toEqual([
      { relation: 'public.organization', modes: expect.arrayContaining(['SHARE ROW EXCLUSIVE']) },
    ]);
    expect(table.impact).toBe(
      'locks organization (size unknown) under SHARE ROW EXCLUSIVE: blocks writes until its transaction ends',
    );
    expect(report.trace!.flatMap((entry) => [...entry.rewritten, ...entry.scanned.map((s) => s.relation)])).toEqual([]);
    expect(markdown).toContain('## Existing Tables');
  });

  it('writes a Markdown report whose Quick Status rows are all ✅', () => {
    const table = markdown.slice(markdown.indexOf('## Quick Status'), markdown.indexOf('**OVERALL:**'));
    const rows = table.split('\n').filter((line) => /^\| (?!Component|-)/.test(line));
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toContain('✅ PASS');
    expect(table).toContain('| Schema Validation | ✅ PASS | 3 tables, 8/16/10 columns, 4 partitions |');
    expect(table).toContain('12 policies on 3 tables');
  });
});
