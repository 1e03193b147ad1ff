import { describe, expect, it } from 'vitest';
import { didYouMean, oneEditApart } from '../src/suggest.js';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

describe('didYouMean', () => {
  it('finds the one candidate a letter added, dropped, changed or swapped away', () => {
    expect(didYouMean('tennant_column', ['tenant_column', 'tool'])).toBe('tenant_column');
    expect(didYouMean('chekc', ['check', 'init'])).toBe('check');
    expect(didYouMean('dri', ['dir', 'tool'])).toBe('dir');
    expect(didYouMean('baselin', ['baseline'])).toBe('baseline');
    expect(didYouMean('Organisation', ['organization'])).toBe('organization');
  });

  it('says nothing when no candidate, or more than one, is that close', () => {
    expect(didYouMean('xyz', ['dir', 'tool'])).toBeUndefined();
    expect(didYouMean('tabel', ['table', 'label'])).toBeUndefined();
    expect(didYouMean('dir', ['dir'])).toBeUndefined();
    expect(oneEditApart('abc', 'abcde')).toBe(false);
    expect(oneEditApart('rules', 'rulse')).toBe(true);
  });
});

describe('did you mean, in the CLI', () => {
  it('names the command a mistyped one is close to', async () => {
    const run = await runCli(['chekc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: unknown command 'chekc' (did you mean check?)\n(run migration-gate --help for the commands and options)\n",
    );
  });

  it('names the config key a mistyped one is close to, at any depth', async () => {
    const repo = makeRepo({
      'migration-gate.yml': 'dir: db\ntennant_column: org_id\ntimeouts: { statment: 30s }\n',
      'db/001_a.sql': 'SELECT 1;\n',
    });
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('migration-gate.yml: unknown key "tennant_column" (did you mean "tenant_column"?)');
    expect(run.stderr).toContain('migration-gate.yml: unknown key "timeouts.statment" (did you mean "statement"?)');
  });

  it('names the rule id a mistyped one under rules: is close to', async () => {
    const repo = makeRepo({
      'migration-gate.yml': 'dir: db\nrules:\n  mass-delet: off\n  no-such-rule: off\n',
      'db/001_a.sql': 'SELECT 1;\n',
    });
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'migration-gate: migration-gate.yml: unknown key "rules.mass-delet" (did you mean "mass-delete"?), "rules.no-such-rule"\n',
    );
  });

  it('asks whether a missing table is a typo of one that exists, and only then', async () => {
    const repo = makeRepo({
      'base.sql': 'CREATE TABLE organization (id int PRIMARY KEY);\n',
      'm/001_members.sql':
        'CREATE TABLE members (\n  id int PRIMARY KEY,\n  org_id int REFERENCES organisation (id),\n  team_id int REFERENCES teams (id)\n);\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--baseline', 'base.sql', '--format', 'json', '--quiet'], repo);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    const hint = (object: string) =>
      report.findings.find((f) => f.rule === 'missing-relation' && f.object === object)?.hint;
    expect(hint('organisation')).toBe('Did you mean `organization`?');
    expect(hint('teams')).toBeUndefined();
    expect(report.requiredActions.find((a) => a.object === 'organisation')?.hint).toBe('Did you mean `organization`?');
  });

  it('shows the options of check and three examples in the top-level help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Options of check:\n  -c, --config <file>');
    expect(run.stdout).toContain('--postgres-version <major>');
    expect(run.stdout.match(/^ {2}\$ migration-gate/gm)).toHaveLength(3);
  });
});
