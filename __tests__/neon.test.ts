import { once } from 'node:events';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbedded } from '../src/database/embedded.js';
import { deleteNeonBranch, neonClientConfig, startNeonBranch, type NeonOptions } from '../src/database/neon.js';
import { InfrastructureError } from '../src/errors.js';
import { withClient, withDatabase, withDatabaseThen, type Database } from '../src/database/provider.js';
import { Progress } from '../src/progress.js';
import { maskSecrets } from '../src/secrets.js';
import { startFakeNeon, type FakeNeon, type FakeNeonOptions } from './helpers/neon-server.js';

let postgres: Database;
let neon: FakeNeon;
let runs = 0;
const progress = new Progress();
/** Every password a branch was ever given, so no error may quote any of them. */
const passwords: string[] = [];

beforeAll(async () => {
  postgres = await startEmbedded(progress);
  await sql(postgres.connection, 'CREATE DATABASE neondb');
  await sql(
    { ...postgres.connection, database: 'neondb' },
    `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
     INSERT INTO customers VALUES (1, 'Ada');`,
  );
  await sql(postgres.connection, 'CREATE DATABASE staging TEMPLATE neondb');
  await sql({ ...postgres.connection, database: 'staging' }, 'CREATE TABLE staging_only (id int)');
  neon = await fakeNeon();
});

afterAll(async () => {
  await neon?.close();
  await postgres?.stop();
});

beforeEach(() => {
  neon.requests.length = 0;
  neon.failNext.length = 0;
});

function fakeNeon(extra: Partial<FakeNeonOptions> = {}): Promise<FakeNeon> {
  const branches = [{ name: 'staging', database: 'staging' }];
  return startFakeNeon({ admin: postgres.connection, parentDatabase: 'neondb', branches, ...extra });
}

/** Fast retries and polls: the tests measure behaviour, not patience. */
function options(extra: Partial<NeonOptions> = {}, server: FakeNeon = neon): NeonOptions {
  return {
    apiKey: server.apiKey,
    projectId: server.projectId,
    apiHost: server.apiHost,
    branchName: `migration-gate/pr-12/run-345-${++runs}`,
    retry: { attempts: 3, baseMs: 10 },
    pollIntervalMs: 10,
    readyTimeoutMs: 5_000,
    ...extra,
  };
}

async function start(extra: Partial<NeonOptions> = {}, server: FakeNeon = neon) {
  const db = await startNeonBranch(options(extra, server), progress);
  passwords.push(String(db.connection.password));
  return db;
}

async function sql<T extends pg.QueryResultRow>(config: pg.ClientConfig, text: string): Promise<T[]> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await sql(postgres.connection, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  return rows.length > 0;
}

/** Runs `promise`, expects an InfrastructureError, and checks it leaks nothing. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => expect.fail('expected an error'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InfrastructureError);
  const { message } = error as Error;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(neon.apiKey);
  for (const password of passwords) expect(message).not.toContain(password);
  return message;
}

/** A port nothing listens on (any longer). */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const requestsTo = (method: string, path: string) =>
  neon.requests.filter((request) => request.method === method && request.path === path);

describe('startNeonBranch', () => {
  it('forks the default branch under the given name, with a read_write endpoint and a future expiry', async () => {
    const db = await start({ expiresInSeconds: 600 });
    const [create] = requestsTo('POST', `/projects/${neon.projectId}/branches`);
    const body = create?.body as {
      branch: { name: string; parent_id: string; expires_at: string };
      endpoints: unknown;
    };
    expect(body.branch.name).toBe(`migration-gate/pr-12/run-345-${runs}`);
    expect(body.branch.parent_id).toBe(neon.mainBranchId);
    const expires = Date.parse(body.branch.expires_at);
    expect(expires).toBeGreaterThan(Date.now() + 500_000);
    expect(expires).toBeLessThan(Date.now() + 700_000);
    expect(body.endpoints).toEqual([{ type: 'read_write' }]);
    expect(neon.requests.every((request) => request.authorized)).toBe(true);
    expect(db).toMatchObject({ kind: 'neon', disposable: true, branchId: neon.branches.get(db.branchId)?.id });
    expect(db.display).toBe(`Neon branch ${body.branch.name} (${db.branchId}) of project ${neon.projectId}`);
    expect(db.connection.ssl).toBe(false);
    await db.stop();
  });

  it('gives a branch that sees the parent data, and whose changes never reach the parent', async () => {
    await withDatabase(
      () => start(),
      (db) =>
        withClient(db, async (client) => {
          expect((await client.query('SELECT id, name FROM customers')).rows).toEqual([{ id: 1, name: 'Ada' }]);
          await client.query('CREATE TABLE branch_only (id int); DELETE FROM customers');
        }),
    );
    const parent = { ...postgres.connection, database: 'neondb' };
    expect(await sql(parent, `SELECT to_regclass('branch_only') AS found`)).toEqual([{ found: null }]);
    expect(await sql(parent, 'SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 1 }]);
  });

  it('stop() deletes the branch and its database; a second stop() is harmless', async () => {
    const db = await start();
    const database = neon.branches.get(db.branchId)!.database;
    expect(await databaseExists(database)).toBe(true);
    await db.stop();
    await db.stop();
    expect(requestsTo('DELETE', `/projects/${neon.projectId}/branches/${db.branchId}`)).toHaveLength(1);
    expect(neon.branches.has(db.branchId)).toBe(false);
    expect(await databaseExists(database)).toBe(false);
  });

  it('withDatabase deletes the branch even when the callback throws', async () => {
    let branchId = '';
    const run = withDatabase(
      () => start(),
      async (db) => {
        branchId = (db as Database & { branchId: string }).branchId;
        throw new Error('migration exploded');
      },
    );
    await expect(run).rejects.toThrow('migration exploded');
    expect(requestsTo('DELETE', `/projects/${neon.projectId}/branches/${branchId}`)).toHaveLength(1);
    expect(neon.branches.has(branchId)).toBe(false);
  });

  it('withDatabaseThen deletes the branch while what is left is worked out', async () => {
    let branchId = '';
    const deletedMeanwhile = await withDatabaseThen(
      () => start(),
      async (db) => {
        branchId = (db as Database & { branchId: string }).branchId;
        // The validators' part: the branch is deleted while it runs, not after.
        return async () => {
          for (let i = 0; i < 500 && neon.branches.has(branchId); i++) await new Promise((r) => setTimeout(r, 10));
          return !neon.branches.has(branchId);
        };
      },
    );
    expect(deletedMeanwhile).toBe(true);
    expect(requestsTo('DELETE', `/projects/${neon.projectId}/branches/${branchId}`)).toHaveLength(1);
  });

  it('forks a parent given by name or by id', async () => {
    const byName = await start({ parentBranch: 'staging' });
    const body = requestsTo('POST', `/projects/${neon.projectId}/branches`)[0]?.body as {
      branch: { parent_id: string };
    };
    expect(body.branch.parent_id).toBe('br-extra-0');
    await withClient(byName, async (client) => {
      expect((await client.query(`SELECT to_regclass('staging_only') AS found`)).rows[0].found).toBe('staging_only');
    });
    await byName.stop();
    const byId = await start({ parentBranch: neon.mainBranchId });
    expect(neon.branches.get(byId.branchId)?.parent_id).toBe(neon.mainBranchId);
    await byId.stop();
  });

  it('names the branches there are when the parent does not exist', async () => {
    const message = await failure(start({ parentBranch: 'nope' }));
    expect(message).toMatch(/has no branch named or with id "nope" \(branches: main, staging\)/);
  });
});

describe('what the action can ask of a branch', () => {
  it("schemaOnly: the parent's tables without their rows (init_source schema-only)", async () => {
    await withDatabase(
      () => start({ schemaOnly: true }),
      (db) =>
        withClient(db, async (client) => {
          expect((await client.query('SELECT count(*)::int AS n FROM customers')).rows).toEqual([{ n: 0 }]);
        }),
    );
    const [create] = requestsTo('POST', `/projects/${neon.projectId}/branches`);
    expect((create?.body as { branch: { init_source?: string } }).branch.init_source).toBe('schema-only');
  });

  it('reuse: keeps the branch, and the next run resets it to the parent instead of forking anew', async () => {
    const name = `migration-gate/pr-${++runs}`;
    const first = await start({ reuse: true, branchName: name });
    await withClient(first, async (client) => {
      await client.query('CREATE TABLE left_by_the_first_run (id int)');
    });
    await first.stop();
    expect(neon.branches.get(first.branchId)?.name).toBe(name);
    expect(requestsTo('DELETE', `/projects/${neon.projectId}/branches/${first.branchId}`)).toEqual([]);

    const second = await start({ reuse: true, branchName: name });
    try {
      expect(second.branchId).toBe(first.branchId);
      expect(requestsTo('POST', `/projects/${neon.projectId}/branches`)).toHaveLength(1);
      const [reset] = requestsTo('POST', `/projects/${neon.projectId}/branches/${first.branchId}/restore`);
      expect(reset?.body).toEqual({ source_branch_id: neon.mainBranchId });
      await withClient(second, async (client) => {
        const { rows } = await client.query(`SELECT to_regclass('left_by_the_first_run') AS found`);
        expect(rows).toEqual([{ found: null }]);
      });
    } finally {
      await second.stop();
      await deleteNeonBranch({
        apiKey: neon.apiKey,
        projectId: neon.projectId,
        apiHost: neon.apiHost,
        branchId: second.branchId,
      });
    }
  });

  it('database and role: the connection is asked for by those names', async () => {
    const server = await fakeNeon({ connectionUrisInCreate: false, databaseName: 'neondb' });
    try {
      const db = await start({ database: 'neondb', role: 'postgres' }, server);
      const asked = server.requests.find((request) => request.path.endsWith('/connection_uri'));
      expect(asked?.query).toMatchObject({ database_name: 'neondb', role_name: 'postgres' });
      await db.stop();
      const wrong = await failure(start({ database: 'appdb' }, server));
      expect(wrong).toMatch(/connection_uri.*404 Not Found: database or role not found/);
    } finally {
      await server.close();
    }
  });
});

describe('API failures', () => {
  it('401: says the key was rejected, without quoting it', async () => {
    const message = await failure(start({ apiKey: 'napi_this_is_not_the_right_key' }));
    expect(message).toContain('401 Unauthorized: authentication failed');
    expect(message).not.toContain('napi_this_is_not_the_right_key');
    expect(requestsTo('GET', `/projects/${neon.projectId}`)).toHaveLength(1);
  });

  it('404: names the unknown project', async () => {
    const message = await failure(start({ projectId: 'no-such-project-42' }));
    expect(message).toMatch(/^Neon project no-such-project-42 not found .*404 Not Found: project not found/);
  });

  it('423 Locked: retries until the project is free', async () => {
    const path = `/projects/${neon.projectId}/branches`;
    neon.failNext.push({ method: 'POST', pathPattern: path, status: 423, body: { code: '', message: 'locked' } });
    const db = await start();
    expect(requestsTo('POST', path)).toHaveLength(2);
    await db.stop();
  });

  it('429: waits as long as Retry-After says', async () => {
    const path = `/projects/${neon.projectId}`;
    neon.failNext.push({ method: 'GET', pathPattern: path, status: 429, retryAfter: 1 });
    const db = await start();
    const [first, second] = requestsTo('GET', path);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    await db.stop();
  });

  it('persistent 500: gives up after the configured attempts', async () => {
    const path = `/projects/${neon.projectId}/branches`;
    neon.failNext.push({ method: 'GET', pathPattern: path, status: 500, times: 99, body: { message: 'boom\ninside' } });
    const message = await failure(start({ retry: { attempts: 4, baseMs: 5 } }));
    expect(message).toBe(`Neon API GET ${path}: 500 Internal Server Error: boom inside (gave up after 4 attempts)`);
    expect(requestsTo('GET', path)).toHaveLength(4);
  });

  it('a failed deletion names the branch and its expiry; a later stop() may still succeed', async () => {
    const db = await start();
    const path = `/projects/${neon.projectId}/branches/${db.branchId}`;
    neon.failNext.push({ method: 'DELETE', pathPattern: path, status: 503, times: 99 });
    const message = await failure(db.stop());
    expect(message).toContain(`could not delete Neon branch ${db.branchId}`);
    expect(message).toContain(db.expiresAt);
    neon.failNext.length = 0;
    await db.stop();
    expect(neon.branches.has(db.branchId)).toBe(false);
  });

  it('an API message that echoes the key is masked', async () => {
    const body = { code: '', message: `key ${neon.apiKey} is suspended` };
    neon.failNext.push({ method: 'GET', pathPattern: `/projects/${neon.projectId}`, status: 403, body });
    expect(await failure(start())).toContain('403 Forbidden: key *** is suspended');
  });
});

describe('readiness', () => {
  it('asks for the connection URI when the create answer carries none', async () => {
    const server = await fakeNeon({ connectionUrisInCreate: false });
    try {
      const db = await start({}, server);
      expect(server.requests.some((request) => request.path.endsWith('/connection_uri'))).toBe(true);
      expect(server.requests.find((request) => request.path.endsWith('/connection_uri'))?.query).toMatchObject({
        branch_id: db.branchId,
        role_name: 'postgres',
        pooled: 'false',
      });
      await withClient(db, async (client) => expect((await client.query('SELECT 1 AS one')).rows).toHaveLength(1));
      await db.stop();
    } finally {
      await server.close();
    }
  });

  it('a failed operation or a compute that never starts deletes the new branch', async () => {
    const cases: [Partial<FakeNeonOptions>, RegExp][] = [
      [{ operationOutcome: 'failed' }, /\(br-[0-9a-f]+\) of project [\w-]+: operation create_branch failed$/],
      [{ pollsToActivate: 1e9 }, /was not ready in time: still waiting for endpoint ep-[0-9a-f]+ \(init\)$/],
    ];
    for (const [extra, expected] of cases) {
      const server = await fakeNeon(extra);
      try {
        expect(await failure(start({ readyTimeoutMs: 300 }, server))).toMatch(expected);
        expect(server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
        expect([...server.branches.values()].map((branch) => branch.name)).toEqual(['main', 'staging']);
      } finally {
        await server.close();
      }
    }
  });

  it('times out hung requests and reports unreachable hosts, in one line', async () => {
    const calls: string[] = [];
    const hanging: typeof fetch = (input, init) => {
      calls.push(String(input));
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    };
    const hung = await failure(start({ fetchImpl: hanging, requestTimeoutMs: 50, retry: { attempts: 2, baseMs: 1 } }));
    expect(hung).toMatch(/^Neon API GET \/projects\/[\w-]+: no answer in time .*\(gave up after 2 attempts\)$/);
    expect(calls).toEqual([`${neon.apiHost}/projects/${neon.projectId}`, `${neon.apiHost}/projects/${neon.projectId}`]);
    const closed = await failure(
      start({ apiHost: `http://127.0.0.1:${await closedPort()}/api/v2`, retry: { attempts: 1, baseMs: 1 } }),
    );
    expect(closed).toMatch(/cannot reach the API: fetch failed: .*ECONNREFUSED/);
  });
});

describe('deleteNeonBranch and secrets', () => {
  it('deletes a branch standalone, and reports one already gone', async () => {
    const db = await start();
    const { apiKey, projectId, apiHost } = neon;
    expect(await deleteNeonBranch({ apiKey, projectId, apiHost, branchId: db.branchId })).toBe(true);
    expect(neon.branches.has(db.branchId)).toBe(false);
    expect(await deleteNeonBranch({ apiKey, projectId, apiHost, branchId: db.branchId })).toBe(false);
    await db.stop();
  });

  it('registers the key and the password: maskSecrets hides both, display shows neither', async () => {
    const db = await start();
    const password = String(db.connection.password);
    expect(password.length).toBeGreaterThan(8);
    const line = `key=${neon.apiKey} password is ${password}`;
    expect(maskSecrets(line)).toBe('key=*** password is ***');
    expect(db.display).not.toContain(password);
    expect(db.display).not.toContain(neon.apiKey);
    await db.stop();
  });
});

describe('neonClientConfig', () => {
  it('maps a Neon URI, verifying TLS unless sslmode=disable', () => {
    const uri =
      'postgresql://app%40x:p%2Fss@ep-cool-1.eu.aws.neon.tech/neondb?sslmode=require&options=endpoint%3Dep-cool-1';
    expect(neonClientConfig(uri)).toEqual({
      host: 'ep-cool-1.eu.aws.neon.tech',
      port: 5432,
      user: 'app@x',
      password: 'p/ss',
      database: 'neondb',
      ssl: { rejectUnauthorized: true },
      options: 'endpoint=ep-cool-1',
    });
    expect(neonClientConfig('postgres://u:p@127.0.0.1:6543/db?sslmode=disable')).toMatchObject({
      port: 6543,
      ssl: false,
    });
  });

  it('never quotes a bad URI, which would hold the password', () => {
    expect(() => neonClientConfig('mysql://u:secretpw@h/db')).toThrow(/scheme mysql:/);
    expect(() => neonClientConfig('not a url secretpw')).toThrow(/not a URL$/);
  });
});
