import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint, filesIn, isFile, markerAbove } from './files.js';
import type { Layout, Migration } from './model.js';
import { blank } from './sections.js';

const COMMITTED = /^\d{6,}(-[-_a-zA-Z0-9]*)?\.sql$/;
/**
 * `--! Previous: sha1:…` lines up to the first blank line. Header keys start
 * with a capital letter (parseMigrationText), so a current.sql that opens with
 * `--! no-transaction` has no header.
 */
const HEADER = /^(--! [A-Z][a-zA-Z0-9_]*(:[^\n]*)?\n)+\n?/;

/**
 * graphile-migrate: `migrations/committed/000001.sql` …, forward only. Each
 * body runs as one query inside BEGIN … COMMIT, or with `--! no-transaction`
 * as its first line without one (one message: still an implicit
 * transaction). `current.sql`, the work in progress, comes last when it holds SQL.
 */
export const graphileMigrate: Layout = {
  tool: 'graphile-migrate',
  recognisedBy: '`committed/000001.sql` files (and current.sql), or .gmrc',
  downs: false,
  detect: (dir) =>
    existsSync(path.join(dir, 'committed')) ||
    path.basename(path.resolve(dir)) === 'committed' ||
    markerAbove(dir, '.gmrc', 1) !== undefined,
  discover: (dir) => {
    const base = path.basename(path.resolve(dir)) === 'committed' ? path.resolve(dir, '..') : dir;
    const committed = path.join(base, 'committed');
    const migrations: Migration[] = filesIn(committed)
      .filter((name) => COMMITTED.test(name))
      .sort((a, b) => byCodePoint(a.replace(/-.*$/, ''), b.replace(/-.*$/, '')))
      .map((name) => ({ name: `committed/${name}`, path: path.join(committed, name) }));
    const current = path.join(base, 'current.sql');
    if (holdsSql(current)) migrations.push({ name: 'current.sql', path: current });
    return migrations;
  },
  source: (_migration, text) => {
    const header = HEADER.exec(text)?.[0] ?? '';
    const body = text.slice(header.length);
    const firstLine = body.split('\n', 1)[0] ?? '';
    return {
      up: blank(header) + substitutePlaceholders(body),
      execution: /^--!\s*no-transaction\b/.test(firstLine) ? 'single-message' : 'transaction',
    };
  },
};

/** current.sql is emptied by `graphile-migrate commit`: only comments left means nothing in progress. */
function holdsSql(file: string): boolean {
  return (
    isFile(file) &&
    readFileSync(file, 'utf8')
      .replace(/--[^\n]*/g, '')
      .trim() !== ''
  );
}

/** `:DATABASE_NAME` and `:DATABASE_OWNER`, which graphile-migrate replaces before running (same length kept by padding). */
function substitutePlaceholders(body: string): string {
  return body.replace(/:DATABASE_(NAME|OWNER)\b/g, (match) => 'postgres'.padEnd(match.length, ' '));
}
