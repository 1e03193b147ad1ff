import { readdirSync } from 'node:fs';
import path from 'node:path';
import { displayPath, readSqlFile } from '../migrations/files.js';
import { parseSql } from '../migrations/parse.js';
import type { RequiredAction } from '../types.js';
import { type MissingObject } from './prerequisites.js';
import { objectKey } from '../migrations/names.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage', '.tmp']);
const MAX_FILES = 2_000;

/**
 * For each missing object, the repository's SQL files that create it — the
 * seed's "Execute Phase 1 SQL: create organization table" made concrete.
 */
export async function requiredActions(
  missing: MissingObject[],
  root: string,
  cwd: string,
  exclude: string[],
): Promise<RequiredAction[]> {
  if (missing.length === 0) return [];
  const wanted = new Map(missing.map((m) => [objectKey(m.object), m]));
  const creators = new Map<string, string[]>();
  const excluded = new Set(exclude.map((file) => path.resolve(cwd, file)));
  for (const file of sqlFiles(root)) {
    if (excluded.has(file) || /\.down\.sql$/i.test(file)) continue;
    let text: string;
    try {
      text = readSqlFile(file, cwd);
    } catch {
      continue; // An unreadable unrelated file is not this run's problem.
    }
    const parsed = await parseSql(text, displayPath(file, cwd));
    for (const statement of parsed.statements) {
      for (const created of statement.creates) {
        const key = objectKey(created);
        if (!wanted.has(key)) continue;
        const list = creators.get(key) ?? [];
        if (!list.includes(parsed.file)) list.push(parsed.file);
        creators.set(key, list);
      }
    }
  }
  return missing.map((m) => ({
    object: m.display,
    kind: m.object.kind,
    createdBy: creators.get(objectKey(m.object)) ?? [],
    lines: [...new Set(m.positions.map((p) => p.line))],
    ...(m.hint ? { hint: m.hint } : {}),
  }));
}

function sqlFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) found.push(full);
    }
  };
  walk(root);
  return found;
}
