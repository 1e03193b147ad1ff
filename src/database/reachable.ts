import { existsSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { binariesIn, type PostgresBinaries } from './binaries.js';
import { publish } from './cache.js';
import { makeWorldReadable } from './tarball.js';
import type { RunAs } from './template.js';
import { permits } from './tmp.js';

/** An installation PostgreSQL finds its parts in relative to its binary (the npm package, any `--prefix` build). */
const PARTS = ['bin', 'lib', 'share'];

/**
 * As root the server runs as another user (PostgreSQL refuses root), who
 * must reach its binaries — not so when the gate sits in a private directory
 * (a checkout under /root, a `mktemp -d` directory: mode 0700). The server
 * then runs from a copy in the build's cache entry, made once per build.
 * Binaries everyone can reach, and an install whose parts lie elsewhere (a
 * distribution's package), are used where they are.
 */
export async function reachableBinaries(
  bins: PostgresBinaries,
  entry: string,
  workDir: string,
  runAs: RunAs,
): Promise<PostgresBinaries> {
  if (runAs.uid === undefined) return bins;
  const install = path.dirname(realpathSync(bins.binDir));
  if (reachable(install, bins) || !PARTS.every((part) => existsSync(path.join(install, part)))) return bins;
  const copy = path.join(entry, 'native');
  const copied = binariesIn(path.join(copy, 'bin'));
  if (existsSync(copied.postgres)) return copied;
  const staging = path.join(workDir, 'native');
  await publish(staging, copy, async () => {
    for (const part of PARTS) {
      await fs.cp(path.join(install, part), path.join(staging, part), { recursive: true, verbatimSymlinks: true });
    }
    await makeWorldReadable(staging, path.join(staging, 'bin'));
  });
  return copied;
}

/**
 * Whether any user can get to the install and run its binaries. Only the
 * permissions for others count: a group or an ACL that lets the server's
 * user in merely costs a copy.
 */
function reachable(install: string, bins: PostgresBinaries): boolean {
  for (let dir = install; ; dir = path.dirname(dir)) {
    if (!permits(dir, 0o001)) return false;
    if (path.dirname(dir) === dir) break;
  }
  const parts = PARTS.map((part) => path.join(install, part));
  return (
    parts.every((dir) => permits(dir, 0o005)) && [bins.initdb, bins.postgres].every((file) => permits(file, 0o005))
  );
}
