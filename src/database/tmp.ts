import { statSync } from 'node:fs';
import os from 'node:os';
import type { RunAs } from './template.js';

/**
 * Where server directories go. When the server runs as another user (we are
 * root), every parent must be traversable by it: a private TMPDIR (mode 0700)
 * is not, so /tmp is used instead.
 */
export function serverTmpDir(runAs: RunAs): string {
  const tmp = os.tmpdir();
  if (runAs.uid === undefined || traversable(tmp)) return tmp;
  if (traversable('/tmp')) return '/tmp';
  return tmp;
}

function traversable(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o001) !== 0;
  } catch {
    return false;
  }
}
