import { existsSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint, directoriesIn, isFile } from './files.js';
import type { Layout, Migration } from './model.js';

/**
 * Prisma Migrate: `migrations/<timestamp>_name/migration.sql`, in directory
 * name order, beside `migration_lock.toml`. `prisma migrate deploy` sends
 * each file as one message (an implicit transaction) and has no downs; a
 * `down.sql` that a team keeps in the directory (as Prisma's docs show) is used.
 */
export const prisma: Layout = {
  tool: 'prisma',
  recognisedBy: '`<timestamp>_name/migration.sql` directories (migration_lock.toml)',
  downs: false,
  detect: (dir) =>
    existsSync(path.join(dir, 'migration_lock.toml')) ||
    directoriesIn(dir).some((sub) => isFile(path.join(dir, sub, 'migration.sql'))),
  discover: (dir) =>
    directoriesIn(dir)
      .filter((sub) => isFile(path.join(dir, sub, 'migration.sql')))
      .sort(byCodePoint)
      .map((sub): Migration => {
        const down = path.join(dir, sub, 'down.sql');
        return {
          name: sub,
          path: path.join(dir, sub, 'migration.sql'),
          ...(isFile(down) ? { downPath: down } : {}),
        };
      }),
  source: (_migration, text) => ({ up: text, execution: 'single-message' }),
};
