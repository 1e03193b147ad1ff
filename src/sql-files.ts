import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();

/**
 * Where the gate's own SQL lives: `sql/` at the package root, which is one
 * level above `src/`; the bundle in `dist/` carries a copy at `dist/sql/`.
 */
let found: string | undefined;

export function gateSqlDir(): string {
  if (found) return found;
  for (const candidate of ['../sql', './sql', '../../sql']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path.join(dir, 'resolve-objects.sql'))) return (found = dir);
  }
  throw new Error("the gate's sql/ directory is missing from this installation");
}

export function gateSql(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(path.join(gateSqlDir(), name), 'utf8');
  cache.set(name, text);
  return text;
}

/** Prerequisite packs shipped with the gate, `pack:NAME` on the command line. */
export function packNames(): string[] {
  return readdirSync(path.join(gateSqlDir(), 'packs'))
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.slice(0, -'.sql'.length))
    .sort();
}

export function packPath(name: string): string | undefined {
  return packNames().includes(name) ? path.join(gateSqlDir(), 'packs', `${name}.sql`) : undefined;
}

/** `pack:NAME` for a pack's file, as it is named on the command line; else undefined. */
export function packShown(file: string): string | undefined {
  const packs = path.join(gateSqlDir(), 'packs');
  const resolved = path.resolve(file);
  if (path.dirname(resolved) !== packs || !resolved.endsWith('.sql')) return undefined;
  return `pack:${path.basename(resolved, '.sql')}`;
}
