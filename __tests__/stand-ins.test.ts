import { existsSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binariesIn, locateBinaries } from '../src/database/binaries.js';
import { withStandIns } from '../src/database/stand-ins.js';
import { makeRepo } from './helpers/repo.js';
import type { Database } from '../src/database/provider.js';
import { sql, startPg17 } from './helpers/real-postgres.js';

/**
 * The embedded server runs from an install whose extension directory also
 * holds the gate's stand-ins for pg_cron and pg_net; the install the
 * binaries came from is left as it was, and its own extensions still load.
 */
describe('stand-in extensions on the embedded server', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startPg17();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('offers pg_cron and pg_net as stand-ins, beside the build’s own extensions', async () => {
    const rows = await sql<{ name: string; comment: string }>(
      db,
      "SELECT name, comment FROM pg_available_extensions WHERE name IN ('pg_cron', 'pg_net', 'pgcrypto') ORDER BY name",
    );
    expect(rows.map((r) => [r.name, r.comment.includes('migration-gate stand-in')])).toEqual([
      ['pg_cron', true],
      ['pg_net', true],
      ['pgcrypto', false],
    ]);
    // A C extension of the build still loads through the install's links.
    const [digest] = await sql<{ hex: string }>(
      db,
      "CREATE EXTENSION IF NOT EXISTS pgcrypto; SELECT encode(digest('gate', 'sha256'), 'hex') AS hex",
    );
    expect(digest!.hex).toMatch(/^[0-9a-f]{64}$/);
    const original = path.join(path.dirname(realpathSync(locateBinaries().binDir)), 'share/postgresql/extension');
    expect(existsSync(path.join(original, 'pgcrypto.control'))).toBe(true);
    expect(existsSync(path.join(original, 'pg_cron.control'))).toBe(false);
  });

  it('pg_net queues a request as pg_net does and sends nothing; params must be an object', async () => {
    const [queued] = await sql<{ id: string; method: string; url: string }>(
      db,
      `CREATE EXTENSION IF NOT EXISTS pg_net WITH SCHEMA public;
       SELECT net.http_get('https://example.com/a', params := '{"q": "1"}') AS first,
              net.http_post('https://example.com/b', body := '{"x": 1}') AS second;
       SELECT id::text, method, url FROM net.http_request_queue ORDER BY id DESC LIMIT 1`,
    );
    expect(queued).toMatchObject({ method: 'POST', url: 'https://example.com/b' });
    const [get] = await sql<{ url: string }>(db, "SELECT url FROM net.http_request_queue WHERE method = 'GET'");
    expect(get!.url).toBe('https://example.com/a?q=1');
    await expect(sql(db, `SELECT net.http_get('https://example.com', params := '"q"')`)).rejects.toThrow(/non-object/);
  });

  it('pg_cron schedules, replaces a job of the same name, and refuses a schedule pg_cron refuses', async () => {
    const [job] = await sql<{ n: number; schedule: string }>(
      db,
      `CREATE EXTENSION IF NOT EXISTS pg_cron;
       SELECT cron.schedule('nightly', '0 3 * * *', 'SELECT 1');
       SELECT cron.schedule('nightly', '@daily', 'SELECT 2');
       SELECT cron.schedule('*/10 * * * *', 'SELECT 3');
       SELECT count(*)::int AS n, max(schedule) FILTER (WHERE jobname = 'nightly') AS schedule FROM cron.job`,
    );
    expect(job).toEqual({ n: 2, schedule: '@daily' });
    await expect(sql(db, "SELECT cron.schedule('bad', 'every day', 'SELECT 1')")).rejects.toThrow(
      'invalid schedule: every day',
    );
    const [gone] = await sql<{ known: boolean; unknown: boolean }>(
      db,
      "SELECT cron.unschedule('nightly') AS known, cron.unschedule('never') AS unknown",
    );
    expect(gone).toEqual({ known: true, unknown: false });
  });
});

describe('the install the server runs from', () => {
  /** An install laid out as the binary packages are: bin, lib, share/postgresql/extension. */
  const install = () =>
    makeRepo({
      'native/bin/postgres': '#!/bin/sh\n',
      'native/bin/initdb': '#!/bin/sh\n',
      'native/lib/libpq.so.5': '',
      'native/share/postgresql/postgres.bki': '',
      'native/share/postgresql/extension/plpgsql.control': 'comment = the build’s own\n',
      'native/share/postgresql/extension/pg_net.control': 'comment = the build’s real pg_net\n',
    });

  it('links the original, adds the stand-ins the build lacks, and is made again for another install', async () => {
    const entry = makeRepo({});
    const first = install();
    const bins = await withStandIns(binariesIn(path.join(first, 'native/bin')), entry, makeRepo({}));
    const tree = path.dirname(bins.binDir);
    const extensions = path.join(tree, 'share/postgresql/extension');
    expect(readdirSync(extensions).sort()).toEqual([
      'pg_cron--1.6.sql',
      'pg_cron.control',
      'pg_net.control',
      'plpgsql.control',
    ]);
    // The build's real pg_net is kept, and only a link to it.
    expect(readlinkSync(path.join(extensions, 'pg_net.control'))).toBe(
      path.join(first, 'native/share/postgresql/extension/pg_net.control'),
    );
    expect(readlinkSync(path.join(tree, 'lib'))).toBe(path.join(first, 'native/lib'));
    expect(existsSync(bins.postgres)).toBe(true);
    // Asked again: the same install.
    expect(await withStandIns(binariesIn(path.join(first, 'native/bin')), entry, makeRepo({}))).toEqual(bins);

    // The original gone (a download removed) and another install in its place: a new one, the old one removed.
    rmSync(first, { recursive: true, force: true });
    const second = install();
    const again = await withStandIns(binariesIn(path.join(second, 'native/bin')), entry, makeRepo({}));
    expect(again.binDir).not.toBe(bins.binDir);
    expect(readlinkSync(path.join(path.dirname(again.binDir), 'lib'))).toBe(path.join(second, 'native/lib'));
    expect(existsSync(tree)).toBe(false);
  });
});
