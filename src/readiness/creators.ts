import { lstatSync } from 'node:fs';
import path from 'node:path';
import { displayPath, readSqlFile } from '../migrations/files.js';
import { parseSql } from '../migrations/parse.js';
import type { RequiredAction } from '../types.js';
import { type MissingObject } from './prerequisites.js';
import { objectKey } from '../migrations/names.js';
import { repositorySqlFiles, type SearchScope } from './repository-files.js';

/**
 * A prerequisite is created in a hand-written file; a file past this size is a
 * data dump or a seed, and parsing it would take seconds and a gigabyte.
 */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * For each missing object, the repository's SQL files that create it — the
 * seed's "Execute Phase 1 SQL: create organization table" made concrete.
 */
export async function requiredActions(
  missing: MissingObject[],
  scope: SearchScope,
  cwd: string,
  exclude: string[],
): Promise<RequiredAction[]> {
  if (missing.length === 0) return [];
  const wanted = new Map(missing.map((m) => [objectKey(m.object), m]));
  const names = [...new Set(missing.map((m) => m.object.name.toLowerCase()))];
  const creators = new Map<string, string[]>();
  const excluded = new Set(exclude.map((file) => path.resolve(cwd, file)));
  for (const file of await repositorySqlFiles(scope)) {
    if (excluded.has(file) || /\.down\.sql$/i.test(file) || !smallFile(file)) continue;
    let text: string;
    try {
      text = readSqlFile(file, cwd);
    } catch {
      continue; // An unreadable unrelated file is not this run's problem.
    }
    // Only a file that spells one of the names can create it: the others are not worth a parse.
    const lower = text.toLowerCase();
    if (!names.some((name) => lower.includes(name))) continue;
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

/** A regular file (a symbolic link could point out of the repository) of at most MAX_FILE_BYTES. */
function smallFile(file: string): boolean {
  try {
    const stats = lstatSync(file);
    return stats.isFile() && stats.size <= MAX_FILE_BYTES;
  } catch {
    return false;
  }
}
