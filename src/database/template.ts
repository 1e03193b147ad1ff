import { chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { publish } from './cache.js';
import { InfrastructureError } from '../errors.js';
import { runProcess } from './process.js';

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * initdb costs about half a second on every run; copying a cluster that
 * initdb made once costs a fraction of that. The template lives in the
 * build's cache entry, made by the first run that needs it.
 */
export async function templateCluster(
  bins: PostgresBinaries,
  entry: string,
  workDir: string,
  runAs: RunAs,
  /** Called when initdb must run: it takes long enough for other work to go beside it. */
  waiting: () => void = () => undefined,
): Promise<string> {
  const template = path.join(entry, 'cluster');
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  waiting();
  const building = path.join(workDir, 'template');
  await publish(building, template, async () => {
    mkdirSync(building, { mode: 0o700 });
    if (runAs.uid !== undefined) chownSync(building, runAs.uid, runAs.gid ?? runAs.uid);
    await initdb(bins, building, runAs);
  });
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
  // initdb's own backends read the postgresql.conf it writes: with this (initdb 16 and later can set
  // it) their dynamic shared memory is files in the cluster, gone with it when a killed run's
  // directory is removed, not segments in /dev/shm that a killed backend leaves behind.
  if ((await runProcess(bins.initdb, ['--help'], runAs)).output.includes('--set')) {
    args.push('-c', 'dynamic_shared_memory_type=mmap');
  }
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
