import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { binariesIn, type PostgresBinaries } from './binaries.js';
import { publish } from './cache.js';
import { makeWorldReadable } from './tarball.js';
import { gateSqlDir } from '../sql-files.js';

/** Where PostgreSQL looks for an extension's control and script files, below its install. */
const EXTENSION_DIR = path.join('share', 'postgresql', 'extension');

/**
 * The binaries again, in an install of the build's cache entry whose
 * extension directory also holds the gate's stand-ins (sql/stand-ins/):
 * extensions a hosted PostgreSQL has and the embedded server cannot
 * (pg_cron, pg_net need libraries of their own, loaded at the server's
 * start), so that a migration creating them applies as it does there
 * instead of being BLOCKED for the embedded server's want.
 *
 * PostgreSQL 17 reads extensions from its own share directory only, which
 * it finds relative to the binary it runs: the install is the binaries
 * linked (or copied) beside a share directory of links to the original's,
 * and its lib a link to the original's. Made once per build and stand-in
 * version, published as the cache's other entries are. An install whose
 * parts lie elsewhere (a distribution's package) is used as it is.
 */
export async function withStandIns(bins: PostgresBinaries, entry: string, workDir: string): Promise<PostgresBinaries> {
  const install = path.dirname(realpathSync(bins.binDir));
  if (!['bin', 'lib', EXTENSION_DIR].every((part) => existsSync(path.join(install, part)))) return bins;
  const files = standInFiles();
  // The install it links to is part of what it is: another checkout's, or a download since removed, is not it.
  const digest = createHash('sha256').update(`${install}\0`);
  for (const [name, text] of files) digest.update(`${name}\0${text}\0`);
  const tree = path.join(entry, `${PREFIX}${digest.digest('hex').slice(0, 12)}`);
  const built = binariesIn(path.join(tree, 'bin'));
  if (existsSync(built.postgres)) return built;
  removeDangling(entry);
  const staging = path.join(workDir, 'stand-ins');
  await publish(staging, tree, async () => {
    await linkFiles(path.join(install, 'bin'), path.join(staging, 'bin'));
    await fs.symlink(path.join(install, 'lib'), path.join(staging, 'lib'));
    await mirror(install, staging, EXTENSION_DIR.split(path.sep));
    const extensions = path.join(staging, EXTENSION_DIR);
    for (const [name, text] of files) {
      // A build that has the real extension keeps it, scripts and all.
      const control = `${name.replace(/(--.*)?\.(sql|control)$/, '')}.control`;
      if (!existsSync(path.join(install, EXTENSION_DIR, control)))
        await fs.writeFile(path.join(extensions, name), text);
    }
    await makeWorldReadable(staging, path.join(staging, 'bin'));
  });
  return built;
}

const PREFIX = 'stand-ins-';

/** Installs of the entry whose original is gone (their lib links nowhere): nothing can run them. */
function removeDangling(entry: string): void {
  for (const name of readdirSync(entry)) {
    const tree = path.join(entry, name);
    if (name.startsWith(PREFIX) && !existsSync(path.join(tree, 'lib'))) rmSync(tree, { recursive: true, force: true });
  }
}

/** The stand-ins' control and script files, by name. */
function standInFiles(): [string, string][] {
  const dir = path.join(gateSqlDir(), 'stand-ins');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.control') || name.endsWith('.sql'))
    .sort()
    .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]);
}

/**
 * The binaries as hard links where the cache is on the same file system
 * (copies elsewhere): the server finds its share directory, and the
 * dynamic linker its libraries, relative to where the binary itself lies.
 */
async function linkFiles(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) await fs.symlink(await fs.readlink(source), target);
    else {
      try {
        await fs.link(source, target);
      } catch {
        await fs.copyFile(source, target);
        await fs.chmod(target, (await fs.stat(source)).mode & 0o7777);
      }
    }
  }
}

/**
 * Makes `steps` (share/postgresql/extension) real directories below `to`,
 * each holding links to every other entry of its original below `from`:
 * the last one is where the stand-ins go.
 */
async function mirror(from: string, to: string, steps: string[]): Promise<void> {
  let source = from;
  let target = to;
  for (const [i, step] of steps.entries()) {
    source = path.join(source, step);
    target = path.join(target, step);
    await fs.mkdir(target, { recursive: true });
    for (const name of await fs.readdir(source)) {
      if (name !== steps[i + 1]) await fs.symlink(path.join(source, name), path.join(target, name));
    }
  }
}
