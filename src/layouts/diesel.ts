import { readFileSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint, directoriesIn, isFile } from './files.js';
import type { Layout, Migration } from './model.js';

/**
 * Diesel: `migrations/<version>_name/up.sql` and `down.sql`, ordered by the
 * version (before the first `_`, dashes dropped) as text. Each runs inside a
 * transaction unless `metadata.toml` turns it off; the file is sent in one
 * batch_execute, so without a transaction it is still one implicit one.
 */
export const diesel: Layout = {
  tool: 'diesel',
  recognisedBy: '`<version>_name/up.sql` + `down.sql` directories (diesel.toml)',
  downs: true,
  detect: (dir) => directoriesIn(dir).some((sub) => isFile(path.join(dir, sub, 'up.sql'))),
  discover: (dir) =>
    directoriesIn(dir)
      .filter((sub) => isFile(path.join(dir, sub, 'up.sql')))
      .sort((a, b) => byCodePoint(version(a), version(b)) || byCodePoint(a, b))
      .map((sub): Migration => {
        const down = path.join(dir, sub, 'down.sql');
        return { name: sub, path: path.join(dir, sub, 'up.sql'), ...(isFile(down) ? { downPath: down } : {}) };
      }),
  source: (migration, text) => ({
    up: text,
    execution: runsInTransaction(path.dirname(migration.path)) ? 'transaction' : 'single-message',
  }),
};

function version(directory: string): string {
  return directory.split('_')[0]!.replaceAll('-', '');
}

/**
 * migrations_internals: without metadata.toml the default is true, but a
 * metadata.toml without the key deserialises the field as false.
 */
function runsInTransaction(directory: string): boolean {
  const file = path.join(directory, 'metadata.toml');
  if (!isFile(file)) return true;
  return /^\s*run_in_transaction\s*=\s*true\s*(#.*)?$/m.test(readFileSync(file, 'utf8'));
}
