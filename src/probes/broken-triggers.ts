/**
 * Triggers that existed before the migration, judged after it: one whose
 * probe row fails with an error naming what the migration took away was
 * broken by it (src/probes/affected.ts says which triggers); one whose
 * function's text still names it, on a branch the row did not reach, may be.
 */
import type pg from 'pg';
import type { Table, Trigger } from '../catalog/model.js';
import { show, type Qualified } from '../migrations/names.js';
import { resolve } from '../validators/common.js';
import { functionWrites } from './written-columns.js';
import { takenNameIn, takenNameInBody } from './affected.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding } from './place.js';
import type { ProbeScope } from './scope.js';
import type { Event } from './triggers.js';

export function failed(outcome: ProbeOutcome, trigger: Trigger): boolean {
  return outcome.records.some(
    (r) =>
      r.kind === 'trigger' && r.object.startsWith(`${trigger.name} `) && (r.outcome === 'fail' || r.outcome === 'warn'),
  );
}

/**
 * A trigger from before whose probe row passed, but whose function still uses
 * a name taken away. A column its INSERT or UPDATE writes by name fails for
 * certain when that statement runs: an error. A mention elsewhere in its text
 * may be another table's column of that name: a warning.
 */
export async function stillUses(
  client: pg.Client,
  scope: ProbeScope,
  table: Table,
  trigger: Trigger,
  outcome: ProbeOutcome,
): Promise<void> {
  const taken = takenNameInBody(scope.ctx, trigger);
  if (!taken) return;
  const fn = `${show(trigger.function)}()`;
  const became = taken.to !== undefined ? `renamed to ${taken.to}` : 'dropped';
  const writes =
    taken.table !== undefined &&
    (await functionWrites(client, scope.ctx, { ...trigger.function, identityArgs: '' }, taken.table, taken.name));
  const message = writes
    ? `trigger ${trigger.name} on ${show(table)}, which existed before: ${fn} writes ${show(resolve(scope.ctx, taken.table!))}.${taken.name}, which this migration ${became}; that statement fails whenever it runs (the probe row did not reach it)`
    : `trigger ${trigger.name} on ${show(table)}, which existed before: ${fn} names ${taken.name}, which this migration ${became}; the statement that uses it fails when it runs (the probe row did not reach it)`;
  const severity = writes ? 'error' : 'warning';
  outcome.findings.push(
    probeFinding(scope.ctx, 'triggers', severity, 'existing-trigger-broken', message, fn, taken.position),
  );
  record(outcome, 'triggers', 'trigger', `${trigger.name} body`, writes ? 'fail' : 'warn', message);
}

/**
 * A trigger from before that fails after the migration: its error names what
 * the migration renamed or dropped (at that statement), or it may have failed
 * before too, which only a warning can say.
 */
export function brokenByMigration(
  scope: ProbeScope,
  table: Table,
  event: Event,
  trigger: Trigger,
  fn: Qualified,
  error: pg.DatabaseError,
  outcome: ProbeOutcome,
): void {
  const taken = takenNameIn(scope.ctx, error.message);
  const message = taken
    ? `trigger ${trigger.name} on ${show(table)}, which existed before, fails on ${event} after this migration: ${show(fn)}() still uses ${taken.name}: ${error.message}`
    : `trigger ${trigger.name} on ${show(table)}, which existed before, fails on ${event} after this migration (it may have failed before it too): ${error.message}`;
  // One finding for the trigger, at the statement that broke it; each event it failed on is in the probes' lines.
  const said = outcome.findings.some(
    (f) => f.rule === 'existing-trigger-broken' && f.message.startsWith(`trigger ${trigger.name} on ${show(table)},`),
  );
  if (!said)
    outcome.findings.push(
      probeFinding(
        scope.ctx,
        'triggers',
        taken ? 'error' : 'warning',
        'existing-trigger-broken',
        message,
        `${show(fn)}()`,
        taken?.position,
      ),
    );
  record(outcome, 'triggers', 'trigger', `${trigger.name} ${event}`, taken ? 'fail' : 'warn', message);
}
