import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * `ALTER TYPE … RENAME VALUE`: PostgreSQL follows the label into constraints
 * and policies (they hold the value, not its text) but never into a function
 * body, where 'published' is text: the function fails at every call with
 * "invalid input value for enum".
 */
const POSTS = `CREATE TYPE post_status AS ENUM ('draft', 'published');
CREATE TABLE posts (id bigint PRIMARY KEY, status post_status NOT NULL DEFAULT 'draft', title text);
CREATE FUNCTION published_posts() RETURNS SETOF posts LANGUAGE sql STABLE AS $$
  SELECT * FROM posts WHERE status = 'published'
$$;
INSERT INTO posts VALUES (1, 'draft', 'a'), (2, 'published', 'b');
`;
const RENAME = "ALTER TYPE post_status RENAME VALUE 'published' TO 'live';\n";

async function gate(migration: string) {
  const repo = makeRepo({ 'db/migrations/001_posts.sql': POSTS, 'db/migrations/002_label.sql': migration });
  const run = await runCli(['check', '--dir', 'db/migrations', '--format', 'json', '--quiet'], repo);
  const report = JSON.parse(run.stdout) as GateReport;
  const found = report.findings
    .filter((f) => f.rule === 'existing-function-broken' || f.rule === 'rename-existing')
    .map((f) => [f.rule, f.severity, f.line, f.message]);
  return { verdict: report.verdict, found };
}

describe('an enum label renamed', () => {
  it('under a function from before that compares the old label: BLOCKED, and the rename is a warning', async () => {
    expect(await gate(RENAME)).toEqual({
      verdict: 'BLOCKED',
      found: [
        [
          'existing-function-broken',
          'error',
          1,
          'function published_posts(), which existed before, no longer compiles after this migration: invalid input value for enum post_status: "published"',
        ],
        [
          'rename-existing',
          'warning',
          1,
          "enum value 'published' of post_status existed before and is renamed to 'live': code still running that writes or compares 'published' fails",
        ],
      ],
    });
  });

  it('with the function replaced in the same migration: only the rename warning', async () => {
    const safe = `${RENAME}CREATE OR REPLACE FUNCTION published_posts() RETURNS SETOF posts LANGUAGE sql STABLE AS $$
  SELECT * FROM posts WHERE status = 'live'
$$;
`;
    const result = await gate(safe);
    expect(result.found.map(([rule]) => rule)).toEqual(['rename-existing']);
    expect(result.verdict).toBe('APPROVED');
  });
});
