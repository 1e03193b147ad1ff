import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packShown } from '../sql-files.js';
import { ConfigError } from '../errors.js';

/**
 * Reads a SQL file as UTF-8, refusing anything else with a message that says
 * where the bad bytes are: a migration in Latin-1 would otherwise be applied
 * with mangled string literals.
 */
export function readSqlFile(file: string, cwd: string): string {
  return readTextFile(file, cwd, 'a SQL file');
}

/** Any text file the user names (`kind`: "a SQL file", "a config file"), read as readSqlFile does. */
export function readTextFile(file: string, cwd: string, kind: string): string {
  // Named only in a message: a history of thousands of files is read without working it out for each.
  const shown = (): string => displayPath(file, cwd);
  let bytes: Buffer;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) throw new ConfigError(`${shown()} is a directory, not ${kind}`);
    // A device never ends (/dev/zero, a terminal); a pipe does (--baseline <(pg_dump …)).
    if (!stats.isFile() && !stats.isFIFO()) throw new ConfigError(`${shown()} is a device or socket, not ${kind}`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`file not found: ${shown()}`);
    if (code === 'EACCES') throw new ConfigError(`cannot read ${shown()}: permission denied`);
    throw new ConfigError(`cannot read ${shown()}: ${(error as Error).message}`);
  }
  try {
    const text = UTF8.decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    throw new ConfigError(`${shown()}:${line}: not valid UTF-8 (byte ${offset}); save the file as UTF-8`);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // Binary search for the shortest prefix that fails to decode; a cut through
  // the middle of a valid multi-byte character also fails, hence `stream`.
  while (low < high) {
    const mid = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  return low;
}

/** Paths shown to users are relative to the working directory when inside it; a pack by its name. */
export function displayPath(file: string, cwd: string): string {
  const pack = packShown(path.resolve(cwd, file));
  if (pack) return pack;
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : file;
}
