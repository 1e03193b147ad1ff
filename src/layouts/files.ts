import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

/** Names of the regular files directly in `dir`, sorted by code point. */
export function filesIn(dir: string): string[] {
  return entries(dir)
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

/** Names of the sub-directories of `dir`, sorted by code point. */
export function directoriesIn(dir: string): string[] {
  return entries(dir)
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function entries(dir: string): Dirent[] {
  const known = seen?.entries.get(dir);
  if (known) return known;
  let found: Dirent[];
  try {
    found = readdirSync(dir, { withFileTypes: true });
  } catch {
    found = [];
  }
  seen?.entries.set(dir, found);
  return found;
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The nearest `dir` or ancestor holding `marker` (a relative path), up to `levels` up. */
export function markerAbove(dir: string, marker: string, levels = 3): string | undefined {
  let current = path.resolve(dir);
  for (let i = 0; i <= levels; i++) {
    if (existsSync(path.join(current, marker))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

/** Reused: the text is copied out of it. */
let headBuffer = Buffer.allocUnsafe(16_384);

/** The first bytes of a file: enough to find a tool's markers without reading a data dump whole. */
export function head(file: string, bytes = 16_384): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (headBuffer.length < bytes) headBuffer = Buffer.allocUnsafe(bytes);
    return headBuffer.subarray(0, readSync(fd, headBuffer, 0, bytes, 0)).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Directory listings and file heads already read while one directory's layout
 * is being found: each layout lists the directory and looks for its own marker
 * in every file, and a history of thousands of files read once per layout cost
 * more than reading them to apply.
 */
let seen: { entries: Map<string, Dirent[]>; sqlFiles: Map<string, string[]>; heads: Map<string, string> } | undefined;

/** Runs `find` (synchronous) reading each directory and file head at most once. */
export function readingOnce<T>(find: () => T): T {
  seen = { entries: new Map(), sqlFiles: new Map(), heads: new Map() };
  try {
    return find();
  } finally {
    seen = undefined;
  }
}

/** Whether any `.sql` file in `dir` has `marker` near its start. */
export function someFileHas(dir: string, marker: RegExp): boolean {
  let files = seen?.sqlFiles.get(dir);
  if (!files) {
    files = filesIn(dir)
      .filter((name) => /\.sql$/i.test(name))
      .map((name) => path.join(dir, name));
    seen?.sqlFiles.set(dir, files);
  }
  return files.some((file) => {
    const text = seen?.heads.get(file) ?? head(file);
    seen?.heads.set(file, text);
    return marker.test(text);
  });
}

/** `2_b` before `10_c`: integer prefixes compared as numbers, ties by name. */
export function byNumericPrefix(a: string, b: string): number {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== undefined && nb !== undefined) {
    const diff = BigInt(na) - BigInt(nb);
    if (diff !== 0n) return diff < 0n ? -1 : 1;
  }
  if ((na === undefined) !== (nb === undefined)) return na === undefined ? 1 : -1;
  return byCodePoint(a, b);
}

/** Plain string order, as Go's sort.Strings and Rust's Ord on String compare. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * golang-migrate, goose and Flyway refuse to run when two files carry one
 * version (`1_a` and `001_b`, `V1` and `V1.0`); so does the gate, naming both.
 */
export function refuseDuplicateVersions(tool: string, files: { name: string; version: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name, version } of files) {
    const other = seen.get(version);
    if (other !== undefined) {
      throw new ConfigError(`${other} and ${name} have the same version (${version}): ${tool} refuses to run either`);
    }
    seen.set(version, name);
  }
}
