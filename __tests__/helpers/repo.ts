import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

// Registered when the test file imports this helper, so repositories made
// inside tests are removed too (a hook registered inside a test never runs).
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away migration repository: `files` maps relative paths to contents. */
export function makeRepo(files: Record<string, string | Buffer>): string {
  return write(tempDir(), files);
}

/**
 * A throw-away copy of the repository at `source`, with `edits` applied:
 * relative paths mapped to new contents, or to null to delete the file.
 */
export function copyRepo(source: string, edits: Record<string, string | null> = {}): string {
  const dir = tempDir();
  cpSync(source, dir, { recursive: true });
  return write(dir, edits);
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mg-test-repo-'));
  created.push(dir);
  return dir;
}

function write(dir: string, files: Record<string, string | Buffer | null>): string {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content === null) {
      rmSync(file);
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
