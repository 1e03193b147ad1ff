import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { InfrastructureError } from '../errors.js';
import { runProcess } from './process.js';
import { digestFile } from './tarball.js';
import type { RunAs } from './template.js';
import { serverTmpDir } from './tmp.js';

/** What no run touched for this long belongs to a build nobody uses any more. */
const UNUSED_MS = 60 * 60_000;

/**
 * The cache entry of one PostgreSQL build: its template cluster and, when
 * the server runs as another user, the copy of the binaries it runs. It is
 * keyed by what the build is — its version and the hash of its postgres
 * binary — not by where it is installed, so every checkout of the gate on a
 * machine shares one entry. Each run marks its entry as used and removes what
 * other builds (and earlier versions of the gate) left unused for an hour:
 * the cache holds the builds in use, not one copy per checkout path.
 */
export async function buildCache(bins: PostgresBinaries, runAs: RunAs): Promise<string> {
  const root = path.join(serverTmpDir(runAs), `migration-gate-cache-${process.getuid?.() ?? 'user'}`);
  mkdirSync(root, { recursive: true });
  // In a directory anyone may write to, another user could have made it first, with a template of their own.
  const made = lstatSync(root);
  if (!made.isDirectory() || (process.getuid && made.uid !== process.getuid())) {
    throw new InfrastructureError(`${root} is not a directory of this user (uid ${made.uid}): remove it`);
  }
  makeDir(root);
  const { name, memo } = await buildName(root, bins.postgres);
  const entry = path.join(root, `${name}-${runAs.uid ?? process.getuid?.() ?? 'user'}`);
  makeDir(entry);
  markUsed(entry);
  for (const other of readdirSync(root)) {
    const file = path.join(root, other);
    if (file !== entry && file !== memo) removeUnused(file);
  }
  return entry;
}

/**
 * `<version>-<hash>` of the build. Hashing 10 MB on every run would cost
 * more than starting the server, so the name is remembered per binary file
 * (device, inode, size and times: a changed or replaced file is a new one).
 */
async function buildName(root: string, postgres: string): Promise<{ name: string; memo: string }> {
  const stat = statSync(postgres, { bigint: true });
  const identity = [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':');
  const memo = path.join(root, `id-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`);
  try {
    const name = readFileSync(memo, 'utf8');
    if (/^[\w.]+-[0-9a-f]{16}$/.test(name)) {
      markUsed(memo);
      return { name, memo };
    }
  } catch {
    // Not remembered yet.
  }
  const [version, hash] = await Promise.all([postgresVersion(postgres), digestFile(postgres, 'sha256', 'hex')]);
  const name = `${version}-${hash.slice(0, 16)}`;
  const partial = `${memo}.${process.pid}`;
  writeFileSync(partial, name);
  renameSync(partial, memo);
  return { name, memo };
}

async function postgresVersion(postgres: string): Promise<string> {
  const result = await runProcess(postgres, ['--version']);
  const version = /\(PostgreSQL\)\s+([\w.]+)/.exec(result.output)?.[1];
  if (result.code !== 0 || !version) {
    throw new InfrastructureError(`${postgres} --version failed: ${result.output.trim() || `exit ${result.code}`}`);
  }
  return version;
}

/**
 * Makes `final` at `staging` — in the run's directory, so that a run killed
 * meanwhile leaves nothing half-made in the cache — and publishes it by an
 * atomic rename: concurrent runs see it complete or not at all.
 */
export async function publish(staging: string, final: string, make: () => Promise<void>): Promise<void> {
  try {
    await make();
    try {
      renameSync(staging, final);
    } catch {
      // Another run published first; ours is not needed.
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Traversable by the server's user, whatever the umask. */
function makeDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
}

function markUsed(file: string): void {
  const now = new Date();
  utimesSync(file, now, now);
}

function removeUnused(file: string): void {
  try {
    if (Date.now() - lstatSync(file).mtimeMs > UNUSED_MS) rmSync(file, { recursive: true, force: true });
  } catch {
    // Another run removed it first.
  }
}
