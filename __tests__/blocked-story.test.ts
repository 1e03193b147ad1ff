import { describe, expect, it, beforeAll } from 'vitest';
import type { Finding, GateReport } from '../src/types.js';
import { EXAMPLE, runCli, type CliRun } from './helpers/cli.js';

const TARGET = 'database/migrations/0024_sync_preview_progress_logs.sql';

/**
 * The seed's BLOCKED story: 0024 against production as it is (baseline and
 * 0023, no organization table, no auth schema).
 */
describe('seed story: 0024 without prerequisites is BLOCKED', () => {
  let run: CliRun;
  let report: GateReport;
  const finding = (object: string): Finding | undefined =>
    report.findings.find((f) => f.task === 'readiness' && f.object === object);

  beforeAll(async () => {
    run = await runCli(['check', '--format', 'json', '--quiet'], EXAMPLE);
    report = JSON.parse(run.stdout) as GateReport;
  });

  it('exits 1 with verdict BLOCKED', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(report.verdict).toBe('BLOCKED');
    expect(report.target).toBe('0024_sync_preview_progress_logs.sql');
  });

  it('lists every task of the contract, in order', () => {
    expect(report.tasks.map((t) => t.id)).toEqual([
      'schema',
      'rls',
      'indexes',
      'triggers',
      'enums',
      'integration',
      'readiness',
      'rollback',
    ]);
  });

  it('reports the missing organization table at its first REFERENCES, line 123, with every line', () => {
    const org = finding('organization');
    expect(org).toMatchObject({
      severity: 'critical',
      rule: 'missing-relation',
      message: 'relation "organization" does not exist',
      file: TARGET,
      line: 123,
      column: 44,
      lines: [123, 139, 202],
    });
    expect(org?.impact).toContain('Cannot create 3 tables (sync_preview_cache, sync_progress, sync_activity_log)');
    expect(org?.excerpt).toContain('REFERENCES organization(id)');
  });

  it('reports the auth schema, auth.users_extended and auth.uid() as missing, all at once', () => {
    expect(finding('auth')).toMatchObject({ rule: 'missing-schema', line: 144 });
    const users = finding('auth.users_extended');
    expect(users).toMatchObject({ rule: 'missing-relation', line: 144 });
    expect(users?.lines?.slice(0, 4)).toEqual([144, 204, 286, 311]);
    expect(users?.impact).toContain('12 policies');
    const uid = finding('auth.uid()');
    expect(uid).toMatchObject({ rule: 'missing-function', line: 312 });
  });

  it('marks the object tasks BLOCKED and rollback N/A, as the seed did', () => {
    const status = Object.fromEntries(report.tasks.map((t) => [t.id, t.status]));
    expect(status).toEqual({
      schema: 'BLOCKED',
      rls: 'BLOCKED',
      indexes: 'BLOCKED',
      triggers: 'BLOCKED',
      enums: 'BLOCKED',
      integration: 'BLOCKED',
      readiness: 'FAIL',
      rollback: 'N/A',
    });
    const byId = Object.fromEntries(report.tasks.map((t) => [t.id, t]));
    expect(byId.schema!.summary).toMatch(/^Tables blocked from creation/);
    expect(byId.rls!.summary).toMatch(/Cannot create 12 policies/);
    expect(byId.indexes!.summary).toMatch(/Cannot create 15 indexes/);
    expect(byId.enums!.summary).toMatch(/4 types not created/);
    expect(byId.rollback!.summary).toBe('Migration never applied');
  });

  it('names the foreign keys whose targets are missing', () => {
    const integration = report.tasks.find((t) => t.id === 'integration')!;
    const messages = integration.findings.map((f) => f.message);
    expect(messages).toContain('sync_preview_cache.org_id → organization.id (MISSING TARGET)');
    expect(messages).toContain('sync_progress.initiated_by → auth.users_extended.id (MISSING TARGET)');
    expect(messages).toContain('sync_activity_log.user_id → auth.users_extended.id (MISSING TARGET)');
    // The "same organization" key added by ALTER TABLE, on line 286 as in the seed.
    const altered = integration.findings.find((f) => f.line === 286);
    expect(altered?.message).toBe(
      'sync_progress.initiated_by, org_id → auth.users_extended.id, org_id (MISSING TARGET)',
    );
  });

  it('runs the seed readiness checks: locks pass, the migration cannot execute', () => {
    const readiness = report.tasks.find((t) => t.id === 'readiness')!;
    const checks = Object.fromEntries(readiness.checks!.map((c) => [c.name, c]));
    expect(checks['No active locks']?.status).toBe('PASS');
    expect(checks['Migration is transactional']?.status).toBe('PASS');
    expect(checks['Migration can execute']).toMatchObject({ status: 'FAIL' });
    expect(checks['Migration can execute']?.finding).toContain('line 123:44');
    expect(checks['Prerequisite table organization exists']?.status).toBe('FAIL');
  });

  it('says which repository files create each missing prerequisite', () => {
    const byObject = Object.fromEntries(report.requiredActions.map((a) => [a.object, a.createdBy]));
    expect(byObject.organization).toEqual(['database/prerequisites/001_organization.sql']);
    expect(byObject.auth).toEqual(['database/prerequisites/002_auth.sql']);
    expect(byObject['auth.users_extended']).toEqual(['database/prerequisites/002_auth.sql']);
    expect(byObject['auth.uid()']).toEqual(['database/prerequisites/002_auth.sql']);
  });
});
