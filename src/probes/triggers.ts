/**
 * Triggers, exercised: every trigger the migration created meets an INSERT,
 * an UPDATE and a DELETE of a probe row. A function that fails with an error
 * of SQLSTATE class 42 (a column, table or function that does not exist; a
 * type mismatch) is a defect wherever it runs; one that RAISEs rejected the
 * row on purpose. Where the server counts function calls (track_functions,
 * a superuser's setting) the events that actually fire each trigger are
 * reported. A trigger that keeps a timestamp column must change it on UPDATE.
 */
import type pg from 'pg';
import type { Table, Trigger, TriggerEvent } from '../catalog/model.js';
import { attemptStatement } from '../apply/attempt.js';
import { isDatabaseError } from '../apply/send.js';
import { generateRows } from '../fixtures/generate.js';
import { show } from '../migrations/names.js';
import { brokenByMigration, failed, stillUses } from './broken-triggers.js';
import { takenNameIn } from './affected.js';
import { key } from '../rules/lints/problem.js';
import { created, resolve } from '../validators/common.js';
import { bodyPosition, errorFrame } from './function-lines.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding, triggerPosition } from './place.js';
import { probeTimestamp } from './timestamps.js';
import type { ProbeScope } from './scope.js';
import { id, probeRow, relation, trial, trialStatements, type TrialStatement } from './session.js';

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;
/** The row index the INSERT probe's values are made for, far from those of the rows generated before. */
const PROBE_ROW = 1_000;
export type Event = (typeof EVENTS)[number];

export async function probeTriggers(
  client: pg.Client,
  scope: ProbeScope,
  /** The row generator's refusals by table: an INSERT that failed there is not tried again. */
  refusals: Map<string, pg.DatabaseError>,
  outcome: ProbeOutcome,
): Promise<void> {
  const { ctx } = scope;
  const names = created(ctx, 'trigger').map((o) => ({ name: o.name, table: resolve(ctx, o.table ?? { name: '' }) }));
  const triggers = [
    ...ctx.after.triggers.filter(
      (t) =>
        !t.inherited && names.some((n) => n.name === t.name && n.table.schema === t.schema && n.table.name === t.table),
    ),
    ...scope.affected,
  ];
  if (triggers.length === 0) return;
  // In one message with its savepoint and release: where the setting is refused, the transaction goes on.
  const counting = !isDatabaseError(await attemptStatement(client, true, "SET LOCAL track_functions = 'pl'", []));
  for (const table of [...scope.tables, ...scope.triggerTables]) {
    const on = triggers.filter((t) => t.schema === table.schema && t.table === table.name);
    if (on.length === 0) continue;
    const fired = new Map<Trigger, Event[]>(on.map((t) => [t, []]));
    const tried: Event[] = [];
    for (const event of EVENTS) {
      const refused = event === 'INSERT' ? refusals.get(key(table)) : undefined;
      const result = refused ?? (await fire(client, scope, table, event, on, counting));
      if (typeof result === 'string') {
        for (const t of on.filter((t) => t.events.includes(event)))
          record(outcome, 'triggers', 'trigger', `${t.name} ${event}`, 'info', result);
        continue;
      }
      if (isDatabaseError(result)) {
        judgeError(scope, table, event, on, result, outcome);
        continue;
      }
      tried.push(event);
      for (const t of on) if (result.has(t)) fired.get(t)!.push(event);
    }
    for (const t of on.filter((t) => scope.affected.includes(t) && !failed(outcome, t)))
      await stillUses(client, scope, table, t, outcome);
    if (tried.length === 0) continue;
    for (const t of on) {
      if (
        !outcome.records.some((r) => r.kind === 'trigger' && r.object.startsWith(`${t.name} `) && r.outcome === 'fail')
      ) {
        const line = triggerLine(t, tried, fired.get(t)!, counting && counted(scope, t));
        record(outcome, 'triggers', 'trigger', t.name, line.outcome, line.detail);
      }
    }
    await probeTimestamp(client, scope, table, on, outcome);
  }
}

/** Runs one event on a probe row; the triggers whose function was called, an error, or why it could not run. */
async function fire(
  client: pg.Client,
  scope: ProbeScope,
  table: Table,
  event: Event,
  on: Trigger[],
  counting: boolean,
): Promise<Set<Trigger> | pg.DatabaseError | string> {
  const calls: TrialStatement = {
    text: 'SELECT coalesce(pg_stat_get_xact_function_calls(p.oid), 0)::text AS n FROM unnest($1::text[], $2::text[]) AS f(schema, name) LEFT JOIN pg_namespace s ON s.nspname = f.schema LEFT JOIN pg_proc p ON p.pronamespace = s.oid AND p.proname = f.name AND p.pronargs = 0',
    values: [on.map((t) => t.function.schema), on.map((t) => t.function.name)],
  };
  // The trigger functions called between two readings of the transaction's call counters.
  const fired = (before?: pg.QueryResult, after?: pg.QueryResult): Set<Trigger> => {
    if (!before || !after) return new Set();
    const calledAt = (reading: pg.QueryResult, i: number): number => Number(reading.rows[i]?.n ?? 0);
    return new Set(on.filter((_, i) => calledAt(after, i) > calledAt(before, i)));
  };
  if (event !== 'INSERT') {
    const row = await probeRow(client, table);
    if (!row) return `${event} not probed: ${show(table)} has no row`;
    const where = 'WHERE tableoid = $1::oid AND ctid = $2::tid';
    const column = updatable(table, on);
    if (event === 'UPDATE' && !column) return 'UPDATE not probed: no column to set';
    const text =
      event === 'UPDATE'
        ? `UPDATE ${relation(client, table)} SET ${id(client, column!)} = ${id(client, column!)} ${where}`
        : `DELETE FROM ${relation(client, table)} ${where}`;
    const statement = { text, values: [row.tableoid, row.ctid] };
    const results = await trialStatements(client, counting ? [calls, statement, calls] : [statement]);
    return isDatabaseError(results) ? results : fired(results[0], results[2]);
  }
  return trial(client, async () => {
    const count = async (): Promise<pg.QueryResult | undefined> =>
      counting ? client.query(calls.text, calls.values as unknown[]) : undefined;
    const before = await count();
    const generated = await generateRows(client, scope.ctx.after, [table], {
      tenantColumn: scope.ctx.tenantColumn,
      inTransaction: true,
      onlyEmpty: false,
      rows: 1,
      // Not the values of the rows generated before it: a key without a default would be taken already.
      firstRow: PROBE_ROW,
      known: scope.known,
    });
    const refused = generated.unfilled[0];
    if (refused?.error) throw refused.error;
    if (refused) return `INSERT not probed: ${refused.reason}`;
    return fired(before, await count());
  });
}

/**
 * What the probe row's events showed of one trigger. An event it declares
 * that could not be tried, or that ran without calling its function (a WHEN
 * no probe row met, most often), leaves it open: said, not passed.
 */
function triggerLine(
  trigger: Trigger,
  tried: Event[],
  firedBy: Event[],
  counts: boolean,
): { outcome: 'pass' | 'info'; detail: string } {
  const declared = trigger.events.filter((e) => e !== 'TRUNCATE');
  const untried = declared.filter((e) => !tried.includes(e as Event));
  const silent = counts ? declared.filter((e) => tried.includes(e as Event) && !firedBy.includes(e as Event)) : [];
  const detail = counts
    ? `declared ${declared.join(' OR ')}; fired by ${firedBy.join(', ') || `none of ${tried.join(', ')}`}`
    : `declared ${declared.join(' OR ')}; ran without error`;
  const when = / WHEN \(/.test(trigger.definition) ? ' (its WHEN condition held for no probe row)' : '';
  const open = [
    ...(untried.length > 0 ? [`${untried.join(', ')} could not be tried`] : []),
    ...(silent.length > 0 ? [`${silent.join(', ')} did not call it${when}`] : []),
  ];
  return { outcome: open.length > 0 ? 'info' : 'pass', detail: [detail, ...open].join('; ') };
}

/**
 * Whether the server counts the trigger function's calls: track_functions = 'pl'
 * counts procedural languages only, and a C function (an extension's, or
 * PostgreSQL's own tsvector_update_trigger) is never counted.
 */
function counted(scope: ProbeScope, trigger: Trigger): boolean {
  const fn = scope.ctx.after.functions.find(
    (f) => f.schema === trigger.function.schema && f.name === trigger.function.name,
  );
  return fn !== undefined && fn.language !== 'c' && fn.language !== 'internal' && fn.language !== 'sql';
}

/** The column an UPDATE sets to itself: one an `UPDATE OF` trigger names, else the first ordinary one. */
function updatable(table: Table, on: Trigger[]): string | undefined {
  const named = on
    .map((t) => /UPDATE OF ([\w", ]+?) ON /.exec(t.definition)?.[1]?.split(',')[0]?.trim().replace(/"/g, ''))
    .find(Boolean);
  return named ?? table.columns.find((c) => c.generated === null && c.identity !== 'ALWAYS')?.name;
}

/** SQLSTATE class 42 from a function: a defect; a RAISE: the function's own refusal, not judged. */
function judgeError(
  scope: ProbeScope,
  table: Table,
  event: Event,
  on: Trigger[],
  error: pg.DatabaseError,
  outcome: ProbeOutcome,
): void {
  const { ctx } = scope;
  const frame = errorFrame(error.where);
  const trigger =
    on.find(
      (t) => frame && (t.function.name === frame.name || `${t.function.schema}.${t.function.name}` === frame.name),
    ) ?? on.find((t) => t.events.includes(event as TriggerEvent));
  const defect =
    error.code?.startsWith('42') === true && error.code !== '42501' && frame !== undefined && frame.at !== 'RAISE';
  const object = trigger ? `${trigger.name} ${event}` : `${show(table)} ${event}`;
  // A trigger from before whose error names what the migration took away: a C function's arguments
  // (tsvector_update_trigger(tsv, 'english', body)) have no PL/pgSQL frame, and break the same way.
  if (trigger && scope.affected.includes(trigger) && frame?.at !== 'RAISE' && takenNameIn(ctx, error.message)) {
    brokenByMigration(scope, table, event, trigger, trigger.function, error, outcome);
    return;
  }
  if (!defect || !trigger) {
    record(
      outcome,
      'triggers',
      'trigger',
      object,
      'info',
      `${event} on a probe row of ${show(table)} failed: ${error.message}`,
    );
    return;
  }
  const fn = frame?.name.includes('.')
    ? { schema: frame.name.split('.')[0]!, name: frame.name.split('.')[1]! }
    : trigger.function;
  if (scope.affected.includes(trigger)) {
    brokenByMigration(scope, table, event, trigger, fn, error, outcome);
    return;
  }
  const position = (frame && bodyPosition(ctx, fn, frame.line)) ?? triggerPosition(ctx, { name: trigger.name, table });
  const message = `trigger ${trigger.name} on ${show(table)}: ${show(fn)}() fails on ${event}: ${error.message}`;
  outcome.findings.push(
    probeFinding(ctx, 'triggers', 'error', 'trigger-function-error', message, `${show(fn)}()`, position),
  );
  record(outcome, 'triggers', 'trigger', object, 'fail', message);
}
