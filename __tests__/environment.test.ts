import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The migration under review is untrusted, and the gate connects as a
 * superuser, who may run programs on the server: whatever the server's
 * environment holds, the migration can read.
 */
const SECRETS = ['INPUT_GITHUB-TOKEN', 'NEON_API_KEY', 'MIGRATION_GATE_TEST_DATABASE_URL'];
const saved = new Map(SECRETS.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the embedded server gets a minimal environment', () => {
  it("a migration running `env` on the server sees none of the gate's secrets", async () => {
    const values = SECRETS.map((name) => {
      const value = `secret-${randomBytes(12).toString('hex')}`;
      process.env[name] = value;
      return value;
    });
    const repo = makeRepo({
      'm/0001_env.sql': [
        'CREATE TABLE e (l text);',
        "COPY e FROM PROGRAM 'env';",
        "DO $$ BEGIN RAISE EXCEPTION '%', (SELECT string_agg(l, ' ') FROM e); END $$;",
        '',
      ].join('\n'),
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '--report-dir', 'reports'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    // The probe really ran: the server's environment came back in the error.
    expect(report.findings.some((finding) => finding.message.includes('PATH='))).toBe(true);
    expect(run.code).toBe(1);
    const reports = readdirSync(path.join(repo, 'reports')).map((name) =>
      readFileSync(path.join(repo, 'reports', name), 'utf8'),
    );
    expect(reports).toHaveLength(3);
    for (const text of [run.stdout, run.stderr, ...reports]) {
      for (const value of values) expect(text).not.toContain(value);
    }
  });
});
