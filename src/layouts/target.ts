import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Layout, Migration } from './model.js';

/**
 * The migration under review: its name (`0024_x.sql`, `0024_x`, a Prisma
 * directory), or a path to its up file, its down file or its directory; the
 * newest migration without a target.
 */
export function selectTarget(
  migrations: Migration[],
  target: string | undefined,
  shownDir: string,
  cwd: string,
): Migration {
  if (target === undefined) return migrations[migrations.length - 1]!;
  const found = migrations.find((m) => names(m, cwd).has(target) || names(m, cwd).has(path.resolve(cwd, target)));
  if (found) return found;
  const available = migrations.map((m) => m.name);
  const listed = available.length > 12 ? [...available.slice(0, 5), '…', ...available.slice(-5)] : available;
  throw new ConfigError(`target not found: ${target} (migrations in ${shownDir}: ${listed.join(', ')})`);
}

/** Every way a user may name a migration, paths resolved. */
function names(migration: Migration, cwd: string): Set<string> {
  const up = path.resolve(cwd, migration.path);
  const spellings = [migration.name, migration.name.replace(/(\.up)?\.sql$/i, ''), up];
  if (migration.downPath) spellings.push(path.resolve(cwd, migration.downPath));
  // Prisma and Diesel name a migration by its directory.
  if (!migration.name.includes('.')) spellings.push(path.dirname(up));
  return new Set(spellings);
}

/** Migrations whose files are among `changed` (paths relative to `cwd`): a pull request's targets, in migration order. */
export function changedMigrations(migrations: Migration[], changed: string[], cwd: string): Migration[] {
  const files = new Set(changed.map((file) => path.resolve(cwd, file)));
  return migrations.filter((m) => {
    const own = [m.path, m.downPath, path.dirname(m.path)].filter((f): f is string => f !== undefined);
    const inOwnDirectory =
      !m.name.includes('.') && [...files].some((f) => path.dirname(f) === path.resolve(cwd, path.dirname(m.path)));
    return own.some((f) => files.has(path.resolve(cwd, f))) || inOwnDirectory;
  });
}

/** A target naming a file that looks like a migration of `dir` but that the tool never runs (Drizzle's journal omits it). */
export function unlistedTarget(
  layout: Layout,
  dir: string,
  target: string,
  cwd: string,
): { path: string; why: string } | undefined {
  return layout
    .unlisted?.(dir)
    .find((file) => path.basename(file.path) === target || file.path === path.resolve(cwd, target));
}

/** Files among `changed` (paths relative to `cwd`) that look like migrations of `dir` but that the tool never runs. */
export function unlistedChanged(
  layout: Layout,
  dir: string,
  changed: string[],
  cwd: string,
): { path: string; why: string }[] {
  const files = new Set(changed.map((file) => path.resolve(cwd, file)));
  return (layout.unlisted?.(dir) ?? []).filter((file) => files.has(path.resolve(cwd, file.path)));
}
