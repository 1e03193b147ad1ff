import path from 'node:path';
import { byNumericPrefix, filesIn } from './files.js';
import type { Layout, Migration } from './model.js';

const DOWN = /\.down\.sql$/i;
const UP = /(\.up)?\.sql$/i;
const NUMBERED = /^\d+.*\.sql$/i;

/**
 * Numbered SQL files with no particular runner (`0001_name.sql`, with
 * `0001_name.down.sql`). Nothing says how they are run, so the gate assumes
 * psql: statement by statement, each committed unless the file says BEGIN.
 */
export const plain: Layout = {
  tool: 'plain',
  recognisedBy: '`NNN_name.sql` files, downs as `NNN_name.down.sql`',
  downs: true,
  detect: (dir) => filesIn(dir).some((name) => NUMBERED.test(name)),
  discover: (dir) =>
    pairDowns(
      dir,
      filesIn(dir).filter((name) => /\.sql$/i.test(name)),
    ).sort(byName),
  source: (_migration, text) => ({ up: text, execution: 'autocommit' }),
};

function byName(a: Migration, b: Migration): number {
  return byNumericPrefix(a.name, b.name);
}

/** `X.sql` or `X.up.sql` with `X.down.sql`; a down is never a migration of its own. */
export function pairDowns(dir: string, names: string[]): Migration[] {
  const downs = new Map(names.filter((name) => DOWN.test(name)).map((name) => [name.replace(DOWN, ''), name]));
  return names
    .filter((name) => !DOWN.test(name))
    .map((name) => {
      const down = downs.get(name.replace(UP, ''));
      return { name, path: path.join(dir, name), ...(down ? { downPath: path.join(dir, down) } : {}) };
    });
}
