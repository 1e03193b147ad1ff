import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

export interface MigrationFile {
  /** File name inside the migrations directory, e.g. `0024_sync.sql`. */
  name: string;
  path: string;
  /** The separate down migration (`NAME.down.sql`), when there is one. */
  downPath?: string;
}

const DOWN = /\.down\.sql$/i;
const UP = /(\.up)?\.sql$/i;

/** Migrations in `dir`, ordered by numeric prefix (then name), downs paired. */
export function discoverMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new ConfigError(`migrations directory not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new ConfigError(`--dir is not a directory: ${dir}`);
  const names = readdirSync(dir).filter((name) => /\.sql$/i.test(name));
  const downs = new Map(names.filter((name) => DOWN.test(name)).map((name) => [name.replace(DOWN, ''), name]));
  return names
    .filter((name) => !DOWN.test(name))
    .sort(compareMigrationNames)
    .map((name) => {
      const down = downs.get(name.replace(UP, ''));
      return {
        name,
        path: path.join(dir, name),
        ...(down ? { downPath: path.join(dir, down) } : {}),
      };
    });
}

/** `2_x.sql` sorts before `10_x.sql`; names without a number sort last. */
export function compareMigrationNames(a: string, b: string): number {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== undefined && nb !== undefined && na !== nb) {
    const diff = BigInt(na) - BigInt(nb);
    if (diff !== 0n) return diff < 0n ? -1 : 1;
  }
  if ((na === undefined) !== (nb === undefined)) return na === undefined ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The migration under review: a file name inside the directory, or a path to
 * one of its files; without a target, the newest migration.
 */
export function selectTarget(migrations: MigrationFile[], target: string | undefined, dir: string): MigrationFile {
  if (migrations.length === 0) throw new ConfigError(`no .sql migrations in ${dir}`);
  if (target === undefined) return migrations[migrations.length - 1]!;
  const wanted = path.resolve(target);
  const found = migrations.find(
    (m) => m.name === target || path.resolve(m.path) === wanted || m.name.replace(UP, '') === target,
  );
  if (found) return found;
  const available = migrations.map((m) => m.name).join(', ');
  throw new ConfigError(`target not found: ${target} (migrations in ${dir}: ${available})`);
}

/** Migrations that sort before the target: the history it builds on. */
export function earlierMigrations(migrations: MigrationFile[], target: MigrationFile): MigrationFile[] {
  return migrations.slice(0, migrations.indexOf(target));
}
