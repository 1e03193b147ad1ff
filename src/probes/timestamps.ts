/**
 * A trigger that keeps a timestamp column (`updated_at`, by its function's
 * name or what it assigns) must change it on UPDATE. The column is set to a
 * day long past, then another column is updated: a trigger that fires on
 * UPDATE moves it. Not moved and no UPDATE trigger keeps it: the trigger
 * fires on the wrong event (blocking); an UPDATE trigger that keeps it did
 * not move it: a warning (a WHEN condition, an explicit value kept).
 */
import type pg from 'pg';
import type { Table, Trigger } from '../catalog/model.js';
import { isDatabaseError } from '../apply/send.js';
import { show } from '../migrations/names.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding, triggerPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import { id, probeRow, relation, trial } from './session.js';

const TIMESTAMP_COLUMN = /^(updated|modified|changed|last_modified|last_updated)(_at|_on|_time)?$/;
const SETS_NOW =
  /NEW\s*\.\s*"?(\w+)"?\s*:?=\s*(now\s*\(|current_timestamp|clock_timestamp|statement_timestamp|transaction_timestamp|localtimestamp)/gi;

export async function probeTimestamp(
  client: pg.Client,
  scope: ProbeScope,
  table: Table,
  on: Trigger[],
  outcome: ProbeOutcome,
): Promise<void> {
  const functions = scope.ctx.after.functions;
  const assigned = (t: Trigger): string[] => {
    const source = functions.find((f) => f.schema === t.function.schema && f.name === t.function.name)?.source ?? '';
    const set = [...source.matchAll(SETS_NOW)].map((m) => m[1]!);
    return /updated_at|modified|touch|timestamp/i.test(t.function.name) && set.length === 0 ? ['updated_at'] : set;
  };
  const keeping = on.filter((t) =>
    assigned(t).some((c) => TIMESTAMP_COLUMN.test(c) && table.columns.some((col) => col.name === c)),
  );
  if (keeping.length === 0) return;
  const column = assigned(keeping[0]!).find(
    (c) => TIMESTAMP_COLUMN.test(c) && table.columns.some((col) => col.name === c),
  )!;
  const other = table.columns.find((c) => c.name !== column && c.generated === null && c.identity !== 'ALWAYS');
  const row = await probeRow(client, table);
  if (!row || !other) return;
  const result = await trial(client, async () => {
    const c = id(client, column);
    const { rows: moved } = await client.query<{ ctid: string }>(
      `UPDATE ${relation(client, table)} SET ${c} = '2000-01-01' WHERE tableoid = $1::oid AND ctid = $2::tid RETURNING ctid::text AS ctid`,
      [row.tableoid, row.ctid],
    );
    const o = id(client, other.name);
    const { rows } = await client.query<{ unchanged: boolean }>(
      `UPDATE ${relation(client, table)} SET ${o} = ${o} WHERE tableoid = $1::oid AND ctid = $2::tid RETURNING ${c} = '2000-01-01' AS unchanged`,
      [row.tableoid, moved[0]?.ctid],
    );
    return rows[0]?.unchanged;
  });
  const trigger = keeping[0]!;
  const name = `${show(table)}.${column}`;
  if (isDatabaseError(result) || result === undefined) {
    record(
      outcome,
      'triggers',
      'timestamp',
      name,
      'info',
      `not probed: ${isDatabaseError(result) ? result.message : 'the row was not found again'}`,
    );
  } else if (!result) {
    record(outcome, 'triggers', 'timestamp', name, 'pass', `an UPDATE moves ${column}`);
  } else {
    const onUpdate = keeping.filter((t) => t.events.includes('UPDATE') && t.enabled);
    const events = trigger.events.join(' OR ');
    const message =
      onUpdate.length === 0
        ? `an UPDATE of ${show(table)} leaves ${column} unchanged: trigger ${trigger.name} (${show(trigger.function)}()) fires on ${events}, not on UPDATE`
        : `an UPDATE of ${show(table)} leaves ${column} unchanged, though trigger ${onUpdate[0]!.name} fires on UPDATE (a WHEN condition, or a function that keeps an explicit value?)`;
    const severity = onUpdate.length === 0 ? 'error' : 'warning';
    outcome.findings.push(
      probeFinding(
        scope.ctx,
        'triggers',
        severity,
        'timestamp-not-maintained',
        message,
        trigger.name,
        triggerPosition(scope.ctx, { name: trigger.name, table }),
      ),
    );
    record(outcome, 'triggers', 'timestamp', name, onUpdate.length === 0 ? 'fail' : 'warn', message);
  }
}
