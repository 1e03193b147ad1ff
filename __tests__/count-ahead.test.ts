import { describe, expect, it } from 'vitest';
import { takeFullSnapshot } from '../src/catalog/snapshot.js';
import { DataWatch } from '../src/observe/data-watch.js';
import { Progress } from '../src/progress.js';
import { databasePerTest } from './helpers/real-postgres.js';

// Data preservation reads the existing tables beside the snapshot before, from a list of its own
// (sql/data/existing-tables.sql): what it read must be what reading them from the snapshot gives.

const { database } = databasePerTest();

const SCHEMA = `
CREATE SCHEMA "Billing";
CREATE TABLE "Billing"."Invoice" (id int PRIMARY KEY, "Total" numeric, gone text, note text);
ALTER TABLE "Billing"."Invoice" DROP COLUMN gone;
INSERT INTO "Billing"."Invoice" VALUES (1, 10, 'a'), (2, 20, NULL);
CREATE TABLE public.events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO public.events VALUES ('2026-03-01', 'signup'), ('2026-04-01', 'login');
CREATE TABLE public.empty (id int);
CREATE VIEW public.invoice_totals AS SELECT sum("Total") AS total FROM "Billing"."Invoice";
CREATE MATERIALIZED VIEW public.kinds AS SELECT DISTINCT kind FROM public.events;
`;

function counting(): { progress: Progress; reads: () => number } {
  const lines: string[] = [];
  const progress = new Progress((line) => lines.push(line));
  return { progress, reads: () => lines.filter((line) => line.startsWith('count rows before')).length };
}

describe('the existing tables read beside the snapshot before', () => {
  it('are the ones the snapshot lists, with the same columns: their counts are kept, not read again', async () => {
    const client = await database('count_ahead');
    await client.query(SCHEMA);
    const { progress, reads } = counting();
    const options = { generate: false, tenantColumn: 'org_id', exact: true, progress };
    const ahead = await DataWatch.countAhead(client, options);
    const before = await takeFullSnapshot(client);
    const watch = await DataWatch.start(client, before, options, ahead);
    expect(reads()).toBe(1);
    expect(ahead?.tables).toEqual([
      { schema: 'Billing', name: 'Invoice', columns: ['id', 'Total', 'note'] },
      { schema: 'public', name: 'empty', columns: ['id'] },
      { schema: 'public', name: 'events', columns: ['at', 'kind'] },
    ]);
    const read = await DataWatch.start(client, before, { ...options, progress: new Progress() });
    expect(watch.moments.before).toEqual(read.moments.before);
    expect(watch.moments.before.get('Billing.Invoice')).toMatchObject({ rows: 2 });
    expect(watch.moments.before.get('public.events')).toMatchObject({ rows: 2 });
  });

  it('are read again when the snapshot lists other tables or columns', async () => {
    const client = await database('count_ahead_differs');
    await client.query(SCHEMA);
    const { progress, reads } = counting();
    const options = { generate: false, tenantColumn: 'org_id', exact: true, progress };
    const ahead = await DataWatch.countAhead(client, options);
    await client.query('ALTER TABLE public.empty ADD COLUMN added int');
    const before = await takeFullSnapshot(client);
    const watch = await DataWatch.start(client, before, options, ahead);
    expect(reads()).toBe(2);
    expect(watch.moments.before.get('public.empty')?.columns).toEqual(['id', 'added']);
  });

  it('are not read ahead where rows are generated first, or where the gate must not change the database', async () => {
    const client = await database('count_ahead_not');
    await client.query(SCHEMA);
    const progress = new Progress();
    expect(await DataWatch.countAhead(client, { generate: true, tenantColumn: 'org_id', exact: true, progress })).toBe(
      undefined,
    );
    expect(
      await DataWatch.countAhead(client, { generate: false, tenantColumn: 'org_id', exact: false, progress }),
    ).toBe(undefined);
  });
});
