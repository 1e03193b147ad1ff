import path from 'node:path';
import { filesIn, someFileHas } from './files.js';
import type { Layout, Migration } from './model.js';
import { keep } from './sections.js';

/** sqlMigration.ts: `-- Up Migration` / `-- Down Migration`, any case, any number of dashes. */
const UP = /^\s*--[\s-]*up\s+migration/im;
const DOWN = /^\s*--[\s-]*down\s+migration/im;
const SCRIPT = /\.(js|cjs|mjs|ts)$/;

/**
 * node-pg-migrate: every file of the directory is a migration (dot files
 * aside), ordered by its numeric prefix, a millisecond or UTC timestamp. SQL
 * files hold `-- Up Migration` and `-- Down Migration` sections; by default
 * all pending migrations run in one transaction, so each file is transactional.
 */
export const nodePgMigrate: Layout = {
  tool: 'node-pg-migrate',
  recognisedBy: '`-- Up Migration` / `-- Down Migration` sections',
  downs: true,
  detect: (dir) => someFileHas(dir, UP),
  discover: (dir) =>
    filesIn(dir)
      .filter((name) => !name.startsWith('.') && (/\.sql$/i.test(name) || SCRIPT.test(name)))
      .sort(byTimestamp)
      .map((name): Migration => ({
        name,
        path: path.join(dir, name),
        ...(SCRIPT.test(name) ? { opaque: 'a JavaScript/TypeScript migration: node-pg-migrate runs it in Node' } : {}),
      })),
  source: (_migration, text) => {
    const up = UP.exec(text);
    const down = DOWN.exec(text);
    // Without an up marker the whole file is the up migration, as node-pg-migrate reads it.
    const upStart = up?.index ?? 0;
    const upEnd = down && down.index > upStart ? down.index : text.length;
    const downEnd = up && down && up.index > down.index ? up.index : text.length;
    return {
      up: keep(text, [[upStart, upEnd]]),
      ...(down ? { down: keep(text, [[down.index, downEnd]]) } : {}),
      execution: 'transaction',
    };
  },
};

/** getNumericPrefix: 13 digits are milliseconds, 17 are UTC YYYYMMDDHHmmssSSS; ties by name, numbers as numbers. */
function byTimestamp(a: string, b: string): number {
  const diff = timestamp(a) - timestamp(b);
  return diff !== 0 ? diff : a.localeCompare(b, 'en', { numeric: true, ignorePunctuation: true });
}

function timestamp(name: string): number {
  const prefix = name.split('_')[0] ?? '';
  if (/^\d{17}$/.test(prefix)) {
    const [y, mo, d, h, mi, s, ms] = [0, 4, 6, 8, 10, 12, 14].map((at, i, all) =>
      Number(prefix.slice(at, all[i + 1] ?? 17)),
    ) as [number, number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  }
  return Number(prefix) || 0;
}
