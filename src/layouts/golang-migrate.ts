import path from 'node:path';
import { filesIn, refuseDuplicateVersions } from './files.js';
import type { Layout, Migration } from './model.js';

/** golang-migrate's source/parse.go: `{version}_{title}.{up|down}.{ext}`. */
const FILE = /^(\d+)_(.*)\.(up|down)\.sql$/i;

/**
 * golang-migrate: `1_name.up.sql` / `1_name.down.sql`, ordered by the numeric
 * version. Its PostgreSQL driver sends the whole file in one Exec: one
 * simple-query message, which the server runs as one implicit transaction.
 */
export const golangMigrate: Layout = {
  tool: 'golang-migrate',
  recognisedBy: '`N_name.up.sql` with `N_name.down.sql`',
  downs: true,
  detect: (dir) => filesIn(dir).some((name) => FILE.exec(name)?.[3]?.toLowerCase() === 'up'),
  discover: (dir) => {
    const ups = new Map<bigint, Migration>();
    const downs = new Map<bigint, string>();
    const files = filesIn(dir).flatMap((name) => {
      const match = FILE.exec(name);
      return match ? [{ name, version: BigInt(match[1]!), down: match[3]!.toLowerCase() === 'down' }] : [];
    });
    for (const down of [false, true]) {
      const same = files.filter((f) => f.down === down);
      refuseDuplicateVersions(
        'golang-migrate',
        same.map((f) => ({ name: f.name, version: String(f.version) })),
      );
    }
    for (const { name, version, down } of files) {
      if (down) downs.set(version, path.join(dir, name));
      else ups.set(version, { name, path: path.join(dir, name) });
    }
    return [...ups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([version, migration]) => {
        const down = downs.get(version);
        return down ? { ...migration, downPath: down } : migration;
      });
  },
  source: (_migration, text) => ({ up: text, execution: 'single-message' }),
};
