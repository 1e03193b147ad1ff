import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import type { RunAs } from './template.js';

/** A throw-away cluster needs a few dozen MB; leave memory-backed storage alone when it is small. */
const MIN_SHM_BYTES = 512 * 1024 * 1024;
const SHM = '/dev/shm';

/**
 * Where server directories (and the template cluster) go. A cluster that
 * lives for seconds gains nothing from a disk: on Linux, memory-backed
 * /dev/shm is used when it is large enough — copying the template there takes
 * a tenth of the time. An explicit TMPDIR is always honoured. When the server
 * runs as another user (we are root), every parent must be traversable by it:
 * a private TMPDIR (mode 0700) is not, so /tmp is used instead.
 */
export function serverTmpDir(runAs: RunAs): string {
  if (!process.env.TMPDIR && memoryBacked()) return SHM;
  const tmp = os.tmpdir();
  if (runAs.uid === undefined || traversable(tmp)) return tmp;
  if (traversable('/tmp')) return '/tmp';
  return tmp;
}

function memoryBacked(): boolean {
  if (process.platform !== 'linux' || process.env.MIGRATION_GATE_NO_SHM) return false;
  try {
    accessSync(SHM, constants.W_OK);
    const stats = statfsSync(SHM);
    return traversable(SHM) && stats.bavail * stats.bsize >= MIN_SHM_BYTES;
  } catch {
    return false;
  }
}

function traversable(dir: string): boolean {
  return permits(dir, 0o001);
}

/** Whether the file's permissions for others include all of `bits`. */
export function permits(file: string, bits: number): boolean {
  try {
    return (statSync(file).mode & bits) === bits;
  } catch {
    return false;
  }
}
