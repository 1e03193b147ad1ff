import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const ORGANIZATION = 'CREATE TABLE organization (id int PRIMARY KEY);\n';

/**
 * A project in `repo/` of a directory that also holds SQL of its own: the
 * gate runs from that outer directory, as from `/` or a home directory.
 */
function project(extra: Record<string, string> = {}): string {
  return makeRepo({
    'outside.sql': ORGANIZATION,
    'repo/m/0001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
    'repo/m/0002_member.sql': 'CREATE TABLE member (id int, org int REFERENCES organization (id));\n',
    'repo/prereq/001_organization.sql': ORGANIZATION,
    ...extra,
  });
}

async function createdBy(cwd: string): Promise<string[] | undefined> {
  const run = await runCli(['check', '--dir', 'repo/m', '--format', 'json', '-q'], cwd);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  return report.requiredActions.find((action) => action.object === 'organization')?.createdBy;
}

describe('which repository file creates a missing prerequisite', () => {
  it("in a git repository: git's files only, and never a 20 MB seed", async () => {
    // The seed creates organization too: reported, it would show it was parsed (a gigabyte of memory before).
    const seed = ORGANIZATION + 'INSERT INTO organization VALUES (1);\n'.repeat(560_000);
    const outer = project({
      'repo/seed/big.sql': seed,
      'repo/.gitignore': 'scratch/\n',
      'repo/scratch/copy.sql': ORGANIZATION,
    });
    execFileSync('git', ['init', '-q'], { cwd: path.join(outer, 'repo') });
    expect(await createdBy(outer)).toEqual(['repo/prereq/001_organization.sql']);
  });

  it('without git or a config file: the directory above the migrations, not the working directory', async () => {
    expect(await createdBy(project())).toEqual(['repo/prereq/001_organization.sql']);
  });
});
