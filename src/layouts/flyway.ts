import { readFileSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint, filesIn, head, isFile, markerAbove, refuseDuplicateVersions } from './files.js';
import type { Layout, Migration } from './model.js';
import { placeholdersNear, withPlaceholders } from './flyway-placeholders.js';

const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const UNDO = /^U(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;

/**
 * Flyway: `V1_2__name.sql` ordered by version parts as numbers (`V1_10` after
 * `V1_9`), `U<version>__` undo files as downs, `R__name.sql` repeatables after
 * every versioned one, by description. Each migration runs in a transaction
 * unless it holds only statements PostgreSQL refuses in one (then statement by
 * statement; beside others too with `mixed`), or its `.sql.conf` says
 * `executeInTransaction=false`. Placeholders (`${name}`) are replaced first,
 * as Flyway does (src/layouts/flyway-placeholders.ts).
 */
export const flyway: Layout = {
  tool: 'flyway',
  recognisedBy: '`V<version>__name.sql` (and `U…`, `R__…`) files, or flyway.conf / flyway.toml',
  // Undo migrations are a paid edition's feature: most Flyway users have none.
  downs: false,
  detect: (dir) =>
    filesIn(dir).some((name) => VERSIONED.test(name) || REPEATABLE.test(name)) ||
    (markerAbove(dir, 'flyway.conf') ?? markerAbove(dir, 'flyway.toml')) !== undefined,
  discover: (dir) => {
    const names = filesIn(dir);
    const undo = new Map<string, string>();
    for (const name of names) {
      const match = UNDO.exec(name);
      if (match) undo.set(versionKey(match[1]!), path.join(dir, name));
    }
    const versioned = names
      .flatMap((name) => {
        const match = VERSIONED.exec(name);
        return match ? [{ name, version: versionParts(match[1]!) }] : [];
      })
      .sort((a, b) => compareVersions(a.version, b.version));
    refuseDuplicateVersions(
      'Flyway',
      versioned.map(({ name, version }) => ({ name, version: version.join('.') })),
    );
    const repeatable = names
      .flatMap((name) => {
        const match = REPEATABLE.exec(name);
        return match ? [{ name, description: match[1]! }] : [];
      })
      .sort((a, b) => byCodePoint(a.description, b.description));
    return [
      ...versioned.map(({ name, version }): Migration => {
        const down = undo.get(version.join('.'));
        return { name, path: path.join(dir, name), ...(down ? { downPath: down } : {}) };
      }),
      ...repeatable.map(({ name }): Migration => ({ name, path: path.join(dir, name) })),
    ];
  },
  source: (migration, text) => ({
    up: text.includes('${')
      ? withPlaceholders(
          text,
          path.relative(process.cwd(), migration.path),
          placeholdersNear(path.dirname(migration.path)),
        )
      : text,
    execution: scriptConfig(migration.path).executeInTransaction === false ? 'autocommit' : 'transaction',
    autocommitWhenNonTransactional: mixedAllowed(path.dirname(migration.path)) ? 'mixed' : 'alone',
  }),
};

const SETTINGS = ['flyway.conf', 'flyway.toml', 'application.properties', 'application.yml', 'application.yaml'];

/** Flyway's `mixed` setting, in flyway.conf / flyway.toml or Spring Boot's `spring.flyway.mixed`. */
function mixedAllowed(dir: string): boolean {
  return SETTINGS.some((name) => {
    const above = markerAbove(dir, name);
    return above !== undefined && /\bmixed\s*[=:]\s*true\b/.test(head(path.join(above, name)));
  });
}

/** MigrationVersion: `_` means `.`, parts are integers, trailing zero parts do not count. */
function versionParts(text: string): bigint[] {
  const parts = text.split(/[._]/).map((part) => BigInt(part));
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts;
}

function versionKey(text: string): string {
  return versionParts(text).join('.');
}

function compareVersions(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** `V1__x.sql.conf` next to the script: `executeInTransaction=false`. */
function scriptConfig(file: string): { executeInTransaction?: boolean } {
  const conf = `${file}.conf`;
  if (!isFile(conf)) return {};
  const match = /^\s*executeInTransaction\s*=\s*(true|false)\s*$/m.exec(readFileSync(conf, 'utf8'));
  return match ? { executeInTransaction: match[1] === 'true' } : {};
}
