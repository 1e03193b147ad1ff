import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { InfrastructureError } from '../errors.js';
import { runProcess } from './process.js';
import { serverTmpDir } from './tmp.js';

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * initdb costs about half a second on every run; copying a cluster that
 * initdb made once costs a fraction of that. The template lives in a cache
 * directory per server build and user. It is made in the run's own directory
 * — so a run killed meanwhile leaves no half-made cluster: the run's teardown
 * removes it — and published by an atomic rename, so concurrent runs never
 * see a half-made one.
 */
export async function templateCluster(bins: PostgresBinaries, workDir: string, runAs: RunAs): Promise<string> {
  const key = createHash('sha256')
    .update(`${bins.binDir}\0${runAs.uid ?? process.getuid?.() ?? ''}`)
    .digest('hex');
  const root = path.join(serverTmpDir(runAs), `migration-gate-cache-${process.getuid?.() ?? 'user'}`);
  const template = path.join(root, `cluster-${key.slice(0, 16)}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const building = path.join(workDir, 'template');
  mkdirSync(building, { mode: 0o700 });
  try {
    if (runAs.uid !== undefined) chownSync(building, runAs.uid, runAs.gid ?? runAs.uid);
    await initdb(bins, building, runAs);
    try {
      renameSync(building, template);
    } catch {
      // Another run published its template first; ours is not needed.
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

export async function initdb(bins: PostgresBinaries, dataDir: string, runAs: RunAs): Promise<void> {
  const args = [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--wal-segsize=1',
  ];
  const result = await runProcess(bins.initdb, args, runAs);
  if (result.code !== 0) {
    throw new InfrastructureError(`initdb failed (exit ${result.code}): ${result.output.trim()}`);
  }
}

/** Copies the template as the server's user, keeping the modes PostgreSQL insists on. */
export async function copyCluster(template: string, dataDir: string, runAs: RunAs): Promise<void> {
  const result = await runProcess('cp', ['-Rp', template, dataDir], runAs);
  if (result.code !== 0) {
    throw new InfrastructureError(`cannot copy the template cluster: ${result.output.trim()}`);
  }
}
