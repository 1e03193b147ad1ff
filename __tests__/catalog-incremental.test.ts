import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { compareFingerprints, toFingerprint } from '../src/catalog/fingerprint.js';
import type { CatalogSnapshot } from '../src/catalog/model.js';
import { readersReady, withCatalogReaders } from '../src/catalog/readers.js';
import { rows } from '../src/catalog/query.js';
import { keepAsBasis, takeFullSnapshot, takeSnapshot } from '../src/catalog/snapshot.js';
import { databasePerTest } from './helpers/real-postgres.js';

// A snapshot after the first reads only what changed: it must equal what reading everything again finds.

const { database: freshDatabase } = databasePerTest();

const HISTORY = `
  CREATE SCHEMA app;
  CREATE TYPE app.status AS ENUM ('pending', 'done');
  CREATE TYPE app.kind AS ENUM ('a', 'b');
  CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
  CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE FUNCTION app.is_member(org bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT org > 0 $$;
  CREATE TABLE app.orgs (id bigserial PRIMARY KEY, name text NOT NULL, slug text UNIQUE);
  CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES app.orgs (id),
    email text NOT NULL,
    status app.status NOT NULL DEFAULT 'pending',
    kind app.kind,
    score app.positive,
    legacy text
  );
  CREATE INDEX users_email_idx ON app.users (lower(email));
  ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
  CREATE POLICY users_org ON app.users USING (app.is_member(org_id));
  CREATE POLICY users_orgs ON app.users USING (org_id IN (SELECT id FROM app.orgs));
  CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
  CREATE VIEW app.user_emails AS SELECT u.email, o.name FROM app.users u JOIN app.orgs o ON o.id = u.org_id;
  CREATE TABLE app.events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
  CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE app.events_2025 (id bigint, at date NOT NULL);
  CREATE TABLE app.doomed (id int PRIMARY KEY, user_id bigint REFERENCES app.users (id));
  CREATE SEQUENCE app.counter;
  CREATE TABLE app.tickets (n bigint DEFAULT nextval('app.counter'), note text);
  -- Columns whose types PostgreSQL made on the side: an enum's array type, a table's row type and its array.
  CREATE TABLE app.labels (kinds app.kind[], owner app.orgs, owners app.orgs[]);
  ${Array.from({ length: 20 }, (_, i) => `CREATE TABLE app.still_${i} (id int PRIMARY KEY, v text);`).join('\n')}
`;

/** One of each kind of change a migration makes, and some that only move a name others print. */
const MIGRATION = `
  ALTER TABLE app.users ADD COLUMN phone text;
  ALTER TABLE app.users DROP COLUMN legacy;
  ALTER TABLE app.users RENAME COLUMN email TO email_address;
  ALTER TABLE app.orgs RENAME COLUMN id TO org_key;
  CREATE INDEX users_phone_idx ON app.users (phone) WHERE phone IS NOT NULL;
  ALTER INDEX app.users_email_idx RENAME TO users_email_lower_idx;
  ALTER TABLE app.users ADD CONSTRAINT users_email_present CHECK (email_address <> '');
  ALTER TABLE app.orgs RENAME CONSTRAINT orgs_slug_key TO orgs_slug_unique;
  DROP POLICY users_org ON app.users;
  CREATE POLICY users_select ON app.users FOR SELECT USING (status <> 'done');
  DROP TRIGGER users_touch ON app.users;
  CREATE TRIGGER users_touch_again BEFORE INSERT ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
  ALTER TYPE app.status ADD VALUE 'archived';
  ALTER TYPE app.kind RENAME TO category;
  CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.phone := NULL; RETURN NEW; END $$;
  ALTER FUNCTION app.is_member(bigint) RENAME TO belongs;
  DROP TABLE app.doomed;
  ALTER TABLE app.orgs RENAME TO organizations;
  ALTER TABLE app.users ALTER COLUMN score TYPE bigint;
  ALTER SEQUENCE app.counter RENAME TO ticket_counter;
  ALTER SEQUENCE app.ticket_counter OWNED BY app.tickets.n;
  ALTER TABLE app.events ATTACH PARTITION app.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
  ALTER TABLE app.still_3 DISABLE TRIGGER ALL;
  GRANT SELECT ON app.still_4 TO PUBLIC;
  ALTER TABLE app.still_5 SET (fillfactor = 70);
  CREATE TABLE app.added (id int PRIMARY KEY, org bigint REFERENCES app.organizations (org_key));
  CREATE TYPE app.pair AS (a int, b text);
`;

/** What a down migration does: the snapshot after it starts from the one after the migration. */
const DOWN = `
  DROP TYPE app.pair;
  DROP TABLE app.added;
  ALTER TABLE app.organizations RENAME TO orgs;
  ALTER TABLE app.users RENAME COLUMN email_address TO email;
  ALTER TABLE app.events DETACH PARTITION app.events_2025;
  ALTER SCHEMA app RENAME TO application;
`;

describe('incremental catalog snapshots', () => {
  it('equal a full read after a varied migration and its down, committed one by one', async () => {
    const client = await freshDatabase('incremental_committed');
    await client.query(HISTORY);
    const before = await takeFullSnapshot(client);
    await client.query(MIGRATION);
    const after = await takeSnapshot(client);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await takeFullSnapshot(client));
    await client.query(DOWN);
    const afterDown = await takeSnapshot(client);
    expect(afterDown).toEqual(await takeFullSnapshot(client));
  });

  it('sees changes made in the same transaction as the snapshot before, as on a --database-url target', async () => {
    const client = await freshDatabase('incremental_one_transaction');
    await client.query('BEGIN');
    await client.query(HISTORY);
    const before = await takeFullSnapshot(client);
    await client.query('SAVEPOINT target');
    await client.query(MIGRATION);
    const after = await takeSnapshot(client);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await takeFullSnapshot(client));
    await client.query(DOWN);
    expect(await takeSnapshot(client)).toEqual(await takeFullSnapshot(client));
    // Rolled back to before the migration: what the first snapshot read, whatever was read since.
    await client.query('ROLLBACK TO SAVEPOINT target');
    expect(await takeSnapshot(client)).toEqual(before);
    await client.query('ROLLBACK');
  });

  it('reads a change made one command after the last snapshot in the same transaction', async () => {
    const client = await freshDatabase('incremental_same_command');
    await client.query('BEGIN');
    await client.query('CREATE TABLE t (a int, b text); CREATE TABLE u (c int)');
    await takeFullSnapshot(client);
    await client.query('ALTER TABLE t ALTER COLUMN b TYPE varchar(20)');
    const snapshot = await takeSnapshot(client);
    expect(snapshot.tables.find((t) => t.name === 't')?.columns[1]?.type).toBe('character varying(20)');
    await client.query('ROLLBACK');
  });
});

describe('snapshots read on connections of their own', () => {
  const connection = (client: pg.Client): pg.ClientConfig => ({
    host: client.host,
    port: client.port,
    user: client.user,
    database: client.database,
  });
  const limits = 'SET statement_timeout = 30000';

  it('equal what the migration connection reads itself, whatever it SET', async () => {
    const client = await freshDatabase('readers_side_by_side');
    // New sessions start in app: unpinned, a reader would print app's objects unqualified.
    await client.query(`${HISTORY}; ALTER DATABASE readers_side_by_side SET search_path = app, public`);
    const unavailable: string[] = [];
    const options = { count: 2, limits, onUnavailable: (reason: string) => unavailable.push(reason) };
    const read = await withCatalogReaders(client, connection(client), options, async () => {
      const before = await takeFullSnapshot(client);
      await client.query(`${MIGRATION}; SET search_path = app; SET TimeZone = 'Asia/Tokyo'`);
      const after = await takeSnapshot(client);
      await client.query(DOWN);
      return { before, after, afterDown: await takeSnapshot(client) };
    });
    expect(unavailable).toEqual([]);
    // The same migration on a database read on its own connection only.
    const alone = await freshDatabase('readers_alone');
    await alone.query(HISTORY);
    expect(read.before).toEqual(await takeFullSnapshot(alone));
    await alone.query(MIGRATION);
    expect(read.after).toEqual(await takeFullSnapshot(alone));
    await alone.query(DOWN);
    expect(read.afterDown).toEqual(await takeFullSnapshot(alone));
    // The readers are closed afterwards: only the two test clients are left on these databases.
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname IN ('readers_side_by_side', 'readers_alone')",
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('plan each catalog query for the OIDs it is given, however often they run on one connection', async () => {
    const client = await freshDatabase('readers_custom_plans');
    await client.query(HISTORY);
    const options = { count: 1, limits, onUnavailable: () => undefined };
    const plans = await withCatalogReaders(client, connection(client), options, async () => {
      const [reader] = (await readersReady(client))!;
      const { rows: oids } = await reader!.query<{ oid: number }>("SELECT oid::int FROM pg_class WHERE relkind = 'r'");
      for (let i = 0; i < 8; i++) await rows(reader!, 'indexes.sql', [oids.map((r) => r.oid), null, null]);
      const { rows: counted } = await reader!.query<{ generic: number; custom: number }>(
        "SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'migration-gate:catalog/indexes.sql'",
      );
      return counted[0];
    });
    // From the sixth run PostgreSQL would otherwise weigh a plan for any OIDs, which reads the whole catalog.
    expect(plans).toEqual({ generic: 0, custom: 8 });
  });

  it('fall back to the client itself when they cannot connect, and say so', async () => {
    const client = await freshDatabase('readers_unavailable');
    await client.query(HISTORY);
    const unavailable: string[] = [];
    const options = { count: 2, limits, onUnavailable: (reason: string) => unavailable.push(reason) };
    const nowhere = { ...connection(client), port: 1, connectionTimeoutMillis: 2_000 };
    const snapshot = await withCatalogReaders(client, nowhere, options, () => takeFullSnapshot(client));
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]).toMatch(/ECONNREFUSED/);
    expect(snapshot).toEqual(await takeFullSnapshot(client));
    expect(snapshot.tables.map((t) => t.name)).toContain('users');
  });
});

describe('changes that show in no row of their own object', () => {
  it('a sequence given an owning column, and a table made a member of an extension', async () => {
    const client = await freshDatabase('incremental_depend_only');
    await client.query(
      `CREATE TABLE t (n bigint); CREATE SEQUENCE s; CREATE EXTENSION citext; CREATE TABLE member (id int)`,
    );
    await takeFullSnapshot(client);
    await client.query('ALTER SEQUENCE s OWNED BY t.n; ALTER EXTENSION citext ADD TABLE member');
    const snapshot = await takeSnapshot(client);
    expect(snapshot.sequences[0]?.ownedBy).toEqual({ schema: 'public', table: 't', column: 'n' });
    expect(snapshot.tables.map((t) => t.name)).toEqual(['t']);
  });

  it("a table renamed alone: its row type as others print it (a function's argument, a composite type, a column)", async () => {
    const client = await freshDatabase('incremental_row_type');
    await client.query(`
      CREATE TABLE orgs (id int, name text);
      CREATE FUNCTION org_label(o orgs) RETURNS text LANGUAGE sql AS $$ SELECT o.name $$;
      CREATE TYPE holder AS (org orgs);
      CREATE TABLE labels (owner orgs, owners orgs[])`);
    await takeFullSnapshot(client);
    await client.query('ALTER TABLE orgs RENAME TO organizations');
    const snapshot = await takeSnapshot(client);
    expect(snapshot).toEqual(await takeFullSnapshot(client));
    expect(snapshot.functions.find((f) => f.name === 'org_label')?.identityArgs).toBe('o public.organizations');
  });
});

describe('what refers to a relation', () => {
  const dependentsRead = async (client: pg.Client): Promise<number> => {
    const { rows: found } = await client.query<{ n: number }>(
      "SELECT coalesce(sum(generic_plans + custom_plans), 0)::int AS n FROM pg_prepared_statements WHERE name = 'migration-gate:catalog/dependents.sql'",
    );
    return found[0]!.n;
  };

  it('is not asked of relations made since the last snapshot, only of those it read', async () => {
    const client = await freshDatabase('incremental_new_relations');
    await client.query('CREATE TABLE orgs (id int PRIMARY KEY); CREATE VIEW org_ids AS SELECT id FROM orgs');
    await takeFullSnapshot(client);
    await client.query(`
      CREATE TABLE users (id int PRIMARY KEY, org int);
      CREATE VIEW user_ids AS SELECT u.id FROM users u;
      CREATE SEQUENCE counter`);
    const added = await takeSnapshot(client);
    expect(added).toEqual(await takeFullSnapshot(client));
    expect(await dependentsRead(client)).toBe(0);
    // A relation that was there: what refers to it is read again (the view and the foreign key print its new name).
    await client.query('ALTER TABLE users ADD FOREIGN KEY (org) REFERENCES orgs (id)');
    await takeSnapshot(client);
    await client.query('ALTER TABLE orgs RENAME TO organizations');
    const before = await dependentsRead(client);
    const renamed = await takeSnapshot(client);
    expect(await dependentsRead(client)).toBe(before + 1);
    expect(renamed).toEqual(await takeFullSnapshot(client));
    expect(renamed.constraints.find((c) => c.type === 'f')?.refTable.name).toBe('organizations');
  });
});

describe('a snapshot kept as a basis', () => {
  const familyRead = async (client: pg.Client, file: string): Promise<number> => {
    const { rows: found } = await client.query<{ n: number }>(
      'SELECT coalesce(sum(generic_plans + custom_plans), 0)::int AS n FROM pg_prepared_statements WHERE name = $1',
      [`migration-gate:catalog/${file}`],
    );
    return found[0]!.n;
  };

  it('is what the snapshot after a down that puts everything back reads against: nothing is read again', async () => {
    const client = await freshDatabase('incremental_kept_basis');
    await client.query('CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE notes (id int, body text)');
    const before = await takeFullSnapshot(client);
    keepAsBasis(client);
    await client.query(`
      CREATE TABLE users (id int PRIMARY KEY, org int);
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
    await takeSnapshot(client);
    // Against the snapshot after, the functions changed (and would be read again); against the one before, nothing.
    await client.query('DROP FUNCTION f(); DROP TABLE users');
    const read = [await familyRead(client, 'tables.sql'), await familyRead(client, 'functions.sql')];
    const afterDown = await takeSnapshot(client);
    expect([await familyRead(client, 'tables.sql'), await familyRead(client, 'functions.sql')]).toEqual(read);
    expect(afterDown).toEqual(before);
    expect(afterDown).toEqual(await takeFullSnapshot(client));
    // Where the down leaves a difference, it is read, and the snapshot is still what a full read says.
    await client.query('ALTER TABLE notes ADD COLUMN extra int');
    const tables = await familyRead(client, 'tables.sql');
    const changed = await takeSnapshot(client);
    expect(await familyRead(client, 'tables.sql')).toBe(tables + 1);
    expect(changed).toEqual(await takeFullSnapshot(client));
  });
});

describe('the types a fingerprint follows', () => {
  it('are the ones the types family reads: no row type of a table, view, sequence or materialized view', async () => {
    const client = await freshDatabase('fingerprint_types');
    await client.query(HISTORY);
    await client.query(`
      CREATE TYPE app.pair AS (a int, b text);
      CREATE TYPE app.span AS RANGE (subtype = int4);
      CREATE MATERIALIZED VIEW app.org_names AS SELECT name FROM app.orgs;
      CREATE FOREIGN DATA WRAPPER nothing;
      CREATE SERVER nowhere FOREIGN DATA WRAPPER nothing;
      CREATE FOREIGN TABLE app.remote (id int) SERVER nowhere`);
    const snapshot = await takeFullSnapshot(client);
    const followed = (await rows<{ kind: string }>(client, 'fingerprint.sql')).filter((r) => r.kind === 't');
    expect(snapshot.types.map((t) => t.name).sort()).toEqual(['pair', 'positive', 'span']);
    expect(snapshot.enums.map((e) => e.name).sort()).toEqual(['kind', 'status']);
    expect(followed).toHaveLength(snapshot.types.length + snapshot.enums.length);
  });
});

describe('indexes of a table read again', () => {
  const columns = Array.from({ length: 40 }, (_, i) => `c${i} int`).join(', ');
  const byName = (snapshot: CatalogSnapshot, name: string) => snapshot.indexes.find((index) => index.name === name);

  it('keep the definitions of those whose rows did not change, and write afresh what prints otherwise', async () => {
    const client = await freshDatabase('incremental_indexes');
    // More than 32 columns: plain indexes are written by indexes-wide.sql, the unique one by pg_get_indexdef.
    await client.query(`
      CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
      CREATE TABLE wide (id int PRIMARY KEY, ${columns}, label text);
      CREATE INDEX wide_c0_idx ON wide (c0, c1);
      CREATE INDEX wide_c2_idx ON wide (c2);
      CREATE INDEX wide_label_idx ON wide (norm(label));
      CREATE INDEX wide_c3_idx ON wide (c3);
      CREATE INDEX wide_c5_idx ON wide (c5) WHERE c6 > 0;
      CREATE UNIQUE INDEX wide_c4_key ON wide (c4)`);
    const before = await takeFullSnapshot(client);
    await client.query(`
      ALTER TABLE wide ADD COLUMN extra int;
      ALTER TABLE wide RENAME COLUMN c2 TO c2_renamed;
      ALTER TABLE wide RENAME COLUMN c6 TO c6_renamed;
      ALTER FUNCTION norm(text) RENAME TO normalise;
      ALTER INDEX wide_c3_idx SET (fillfactor = 50);
      CREATE INDEX wide_extra_idx ON wide (extra)`);
    const after = await takeSnapshot(client);
    expect(after).toEqual(await takeFullSnapshot(client));
    expect(byName(after, 'wide_c2_idx')).toMatchObject({ definition: expect.stringContaining('(c2_renamed)') });
    expect(byName(after, 'wide_c5_idx')).toMatchObject({ definition: expect.stringContaining('c6_renamed > 0') });
    expect(byName(after, 'wide_label_idx')).toMatchObject({ definition: expect.stringContaining('normalise(label)') });
    expect(byName(after, 'wide_c3_idx')).toMatchObject({ definition: expect.stringContaining("fillfactor='50'") });
    // Kept as they were: the very objects, which the rollback's comparison skips.
    for (const name of ['wide_pkey', 'wide_c0_idx', 'wide_c4_key'])
      expect(byName(after, name)).toBe(byName(before, name));
    await client.query('ALTER TABLE wide RENAME TO broad');
    const renamed = await takeSnapshot(client);
    expect(renamed).toEqual(await takeFullSnapshot(client));
    expect(byName(renamed, 'wide_c0_idx')?.definition).toContain('ON public.broad ');
  });
});

describe('what a fingerprint says changed', () => {
  const row = (
    kind: string,
    oid: number,
    version: string,
    relkind: string | null = null,
    current = false,
    qualified: string | null = kind === 'r' ? `public.r${oid}` : null,
  ) => ({ kind, oid, relkind, qualified, version, current });
  const unchanged = [
    row('r', 1, '3:0:10:5', 'r'),
    row('r', 2, '2:0:8:4', 'r'),
    row('r', 3, '1:0:3:3', 'c'),
    row('p', 10, '1:0:7:7'),
    row('t', 20, '1:0:7:7'),
    row('n', 30, 'public'),
  ];
  const before = toFingerprint(unchanged);

  it('nothing when every version is the same', () => {
    const same = compareFingerprints(before, before);
    expect(same).toEqual({ everything: false, others: false, relations: [], altered: [], functions: [], types: [] });
  });

  it('relations changed or added, functions and types changed, and the others when a composite type went', () => {
    const now = toFingerprint([
      row('r', 1, '4:0:21:11', 'r'),
      row('r', 2, '2:0:8:4', 'r'),
      row('r', 4, '1:0:11:11', 'r'),
      row('p', 10, '1:0:11:11'),
      row('p', 11, '1:0:11:11'),
      row('t', 20, '2:0:18:11'),
      row('n', 30, 'public'),
    ]);
    expect(compareFingerprints(before, now)).toEqual({
      everything: false,
      others: true,
      relations: [1, 4],
      altered: [1],
      functions: [10, 11],
      types: [20],
    });
  });

  it('a relation this transaction wrote counts as changed even when its version reads the same', () => {
    const now = toFingerprint([row('r', 1, '3:0:10:5', 'r', true), ...unchanged.slice(1)]);
    expect(compareFingerprints(now, now).relations).toEqual([1]);
  });

  it('the others when a relation is renamed (its row type prints otherwise), not when it only changed', () => {
    const changed = toFingerprint([row('r', 1, '4:0:21:11', 'r'), ...unchanged.slice(1)]);
    expect(compareFingerprints(before, changed)).toMatchObject({ others: false, relations: [1] });
    const renamed = toFingerprint([row('r', 1, '3:0:14:11', 'r', false, 'public.renamed'), ...unchanged.slice(1)]);
    expect(compareFingerprints(before, renamed)).toMatchObject({ others: true, relations: [1] });
  });

  it('everything when a schema is renamed', () => {
    const now = toFingerprint([
      ...before.relations.map((r) => row('r', r.oid, r.version, r.relkind, false, r.qualified)),
      row('n', 30, 'app'),
    ]);
    expect(compareFingerprints(before, now).everything).toBe(true);
  });
});
