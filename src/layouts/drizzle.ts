import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { filesIn, isFile } from './files.js';
import type { Layout, Migration } from './model.js';

const JOURNAL = path.join('meta', '_journal.json');

/**
 * Drizzle Kit: `0000_name.sql` files listed in `meta/_journal.json`, in the
 * journal's order; a file the journal does not list is never run. Drizzle's
 * migrator splits each file at `--> statement-breakpoint` (a comment to
 * PostgreSQL) and runs the statements one by one inside one transaction for
 * all pending files; there are no downs.
 */
export const drizzle: Layout = {
  tool: 'drizzle',
  recognisedBy: '`meta/_journal.json` beside `0000_name.sql` files (drizzle-kit generate)',
  downs: false,
  detect: (dir) => isFile(path.join(dir, JOURNAL)),
  discover: (dir) =>
    journalEntries(dir).map((tag): Migration => {
      const file = path.join(dir, `${tag}.sql`);
      if (!isFile(file))
        throw new ConfigError(`${path.join(dir, JOURNAL)} lists ${tag}, but ${tag}.sql is not in ${dir}`);
      return { name: `${tag}.sql`, path: file };
    }),
  source: (_migration, text) => ({ up: text, execution: 'transaction' }),
  unlisted: (dir) => {
    const listed = new Set(journalEntries(dir).map((tag) => `${tag}.sql`));
    return filesIn(dir)
      .filter((name) => name.endsWith('.sql') && !listed.has(name))
      .map((name) => ({ path: path.join(dir, name), why: `not in ${JOURNAL}: drizzle's migrator never runs it` }));
  },
};

/** The journal's tags in its order (`idx`), as drizzle-orm's readMigrationFiles reads them. */
function journalEntries(dir: string): string[] {
  const file = path.join(dir, JOURNAL);
  let journal: unknown;
  try {
    journal = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: not a drizzle journal: ${(error as Error).message}`);
  }
  const entries = (journal as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new ConfigError(`${file}: not a drizzle journal: no "entries" list`);
  return entries
    .map((entry: unknown, at) => {
      const { idx, tag } = (entry ?? {}) as { idx?: unknown; tag?: unknown };
      if (typeof tag !== 'string' || tag === '' || tag.includes('/') || tag.includes('\\'))
        throw new ConfigError(`${file}: entries[${at}] has no usable "tag"`);
      return { idx: typeof idx === 'number' ? idx : at, tag };
    })
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => entry.tag);
}
