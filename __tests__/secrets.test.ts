import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * A migration is untrusted: whatever secret it gets hold of and puts into a
 * message (an exception, a notice that becomes a finding) is masked in every
 * output — the report's JSON, Markdown and text, and stderr.
 */
const TOKEN = 'ghs_Leak3dT0kenValue9876';
const PASSWORD = 'db-Pa55word-4242';

describe('secrets in what a migration says', () => {
  afterEach(() => {
    delete process.env.GITHUB_TOKEN;
    delete process.env.SOME_DATABASE_URL;
  });

  it('an environment secret and a URL password raised by the migration are masked in every format', async () => {
    process.env.GITHUB_TOKEN = TOKEN;
    process.env.SOME_DATABASE_URL = `postgresql://app:${PASSWORD}@db.internal:5432/app`;
    const repo = makeRepo({
      'm/0001_leak.sql': `DO $$ BEGIN RAISE EXCEPTION 'token % url %', '${TOKEN}', 'postgresql://x:${PASSWORD}@h/d'; END $$;\n`,
    });
    for (const format of ['json', 'markdown', 'text']) {
      const run = await runCli(['check', '--dir', 'm', '--format', format, '--report-dir', 'out'], repo);
      expect(run.code).toBe(1);
      const all = run.stdout + run.stderr;
      // Markdown escapes the asterisks.
      expect(all).toMatch(/token (\*\*\*|\\\*\\\*\\\*|&#42;&#42;&#42;)/);
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain(PASSWORD);
    }
    const { readFileSync } = await import('node:fs');
    for (const file of ['report.json', 'report.md', 'report.sarif']) {
      const text = readFileSync(`${repo}/out/${file}`, 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
    }
  }, 60_000);
});
