import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * A view dropped and made again (CREATE OR REPLACE refuses a dropped column),
 * or a view put where a renamed table was, comes back without the grants the
 * application's role had: its queries fail with "permission denied".
 */
const USERS = `CREATE ROLE app_user NOLOGIN;
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
GRANT SELECT, INSERT, UPDATE ON users TO app_user;
GRANT SELECT ON active_users TO app_user;
`;

async function gate(migration: string) {
  const repo = makeRepo({ 'db/migrations/001_users.sql': USERS, 'db/migrations/002_change.sql': migration });
  const run = await runCli(['check', '--dir', 'db/migrations', '--format', 'json', '--quiet'], repo);
  const report = JSON.parse(run.stdout) as GateReport;
  return {
    verdict: report.verdict,
    lost: report.findings.filter((f) => f.rule === 'privileges-lost').map((f) => [f.line, f.message]),
  };
}

const RECREATE = `BEGIN;
SET LOCAL lock_timeout = '2s';
DROP VIEW active_users;
CREATE VIEW active_users AS SELECT id FROM users WHERE active;
`;

describe('grants lost with a relation made again', () => {
  it('a view dropped and created again: BLOCKED at the CREATE, naming the role', async () => {
    expect(await gate(`${RECREATE}COMMIT;\n`)).toEqual({
      verdict: 'BLOCKED',
      lost: [
        [
          4,
          'view active_users was made again without its grants: app_user could read or write it before and has no privilege on it now: its queries fail with "permission denied"',
        ],
      ],
    });
  });

  it('granted again in the migration, or revoked on purpose: nothing said', async () => {
    expect((await gate(`${RECREATE}GRANT SELECT ON active_users TO app_user;\nCOMMIT;\n`)).lost).toEqual([]);
    expect((await gate(`${RECREATE}REVOKE ALL ON active_users FROM app_user;\nCOMMIT;\n`)).lost).toEqual([]);
  });

  it('a view standing where a renamed table was (the expand step), without the grant: BLOCKED', async () => {
    const expand = `BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
COMMIT;
`;
    expect((await gate(expand)).lost).toEqual([
      [
        4,
        'view users was made again without its grants: app_user could read or write the table of that name before and has no privilege on it now: its queries fail with "permission denied"',
      ],
    ]);
  });
});
