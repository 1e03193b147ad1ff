import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/rules/catalogue.js';
import { rulesTable, TABLE_END, TABLE_START } from '../src/rules/table.js';
import type { GateReport } from '../src/types.js';
import { ROOT, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const POLICIES_BEFORE_RLS = `CREATE TABLE project (id int PRIMARY KEY, org_id int NOT NULL);
CREATE POLICY project_read ON project FOR SELECT USING (org_id = 1);
`;

async function gate(files: Record<string, string>, ...args: string[]) {
  const repo = makeRepo(files);
  const run = await runCli(['check', '--format', 'json', '-q', ...args], repo);
  const report = run.stdout ? (JSON.parse(run.stdout) as GateReport) : undefined;
  return { ...run, report: report!, repo };
}

describe('the rule catalogue, tuned by the user', () => {
  it('rules: off suppresses a rule: listed as ignored with its reason, counted for nothing', async () => {
    const { code, report } = await gate({
      'migration-gate.yml': 'dir: m\nrules:\n  not-transactional: off\n  no-down-migration: off\n',
      'm/0001_t.sql': 'CREATE TABLE t (id int);\nCREATE TABLE u (id int);\n',
    });
    expect(code).toBe(0);
    const ignored = report.findings.filter((f) => f.ignored);
    expect(ignored.map((f) => [f.rule, f.reason])).toEqual([
      ['not-transactional', 'rules: off in migration-gate.yml'],
      ['no-down-migration', 'rules: off in migration-gate.yml'],
    ]);
    expect(report.tasks.find((t) => t.id === 'readiness')!.status).toBe('PASS');
    expect(report.tasks.find((t) => t.id === 'rollback')!.status).toBe('PASS');
  });

  it('rules: error makes a warning block', async () => {
    const files = {
      'm/0001_team.sql': 'CREATE TABLE team (id int PRIMARY KEY);\n',
      'm/0002_member.sql': 'CREATE TABLE member (id int PRIMARY KEY, team_id int REFERENCES team (id));\n',
    };
    const warned = await gate({ ...files, 'migration-gate.yml': 'dir: m\n' });
    expect(warned.code).toBe(0);
    const blocked = await gate({ ...files, 'migration-gate.yml': 'dir: m\nrules: { unindexed-foreign-key: error }\n' });
    expect(blocked.code).toBe(1);
    expect(blocked.report.tasks.find((t) => t.id === 'indexes')!.status).toBe('FAIL');
  });

  it('an inline ignore on the line before the statement suppresses that finding there, with its reason', async () => {
    const migration = `CREATE TABLE other (id int);
-- migration-gate:ignore rls-disabled RLS is enabled by 0003 once the backfill is done
CREATE TABLE project (id int PRIMARY KEY, org_id int NOT NULL);
CREATE POLICY project_read ON project FOR SELECT USING (org_id = 1);
-- migration-gate:ignore rls-disabled nothing to ignore on this one
CREATE INDEX project_org_idx ON project (org_id);
`;
    const { code, report, stdout } = await gate({ 'm/0001_project.sql': migration }, '--dir', 'm');
    const ignored = report.findings.filter((f) => f.ignored).map((f) => [f.rule, f.line, f.reason]);
    expect(ignored).toEqual([['rls-disabled', 3, 'RLS is enabled by 0003 once the backfill is done']]);
    expect(report.tasks.find((t) => t.id === 'rls')!.status).toBe('PASS');
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'unused-ignore', line: 5, severity: 'warning' }),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('"ignored": true');
  });

  it('an ignore naming an unknown rule is said; an unknown rule in rules: is a configuration error naming the key', async () => {
    const unknown = await gate(
      {
        'm/0001_t.sql':
          '-- migration-gate:ignore no-such-rule because\n-- migration-gate:ignore mass-delet because\n\nCREATE TABLE t (id int);\n',
      },
      '--dir',
      'm',
    );
    expect(unknown.report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'unused-ignore',
        message: 'migration-gate:ignore names an unknown rule "no-such-rule"',
      }),
    );
    expect(unknown.report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'unused-ignore',
        line: 2,
        message: 'migration-gate:ignore names an unknown rule "mass-delet" (did you mean "mass-delete"?)',
      }),
    );
    const config = await gate({
      'migration-gate.yml': 'dir: m\nrules: { no-such-rule: off }\n',
      'm/0001_t.sql': 'SELECT 1;\n',
    });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('rules.no-such-rule');
  });

  it('the Markdown report lists ignored findings on their own', async () => {
    const { repo } = await gate({
      'migration-gate.yml': 'dir: m\nrules: { rls-disabled: off }\n',
      'm/0001_p.sql': POLICIES_BEFORE_RLS,
    });
    const run = await runCli(['check', '--format', 'markdown', '-q'], repo);
    expect(run.stdout).toContain('## Ignored Findings');
    expect(run.stdout).toMatch(/rls-disabled at m\/0001_p\.sql:1: .* — ignored: rules: off in migration-gate\.yml/);
  });

  it('docs/rules.md lists every rule of the catalogue, as generated', () => {
    const readme = readFileSync(`${ROOT}/docs/rules.md`, 'utf8');
    const block = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    const normalise = (text: string) => text.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---');
    expect(normalise(block)).toBe(normalise(rulesTable()));
    for (const id of RULE_IDS) expect(readme).toContain(`id="rule-${id}"`);
  });
});
