/**
 * Functions that existed before, which the migration may have broken: a
 * column or table it renamed or dropped, still named in a body PostgreSQL
 * does not track (a SQL function written as a string, any PL/pgSQL one).
 * A policy's helper (`is_member(org_id)`) broken this way fails every query
 * on every table whose policies call it, while the migration applies cleanly.
 *
 * A SQL function is compiled again, as CREATE OR REPLACE does, inside a
 * savepoint that is rolled back: the server says whether its body still
 * resolves, and the error names what is missing. A PL/pgSQL body is only
 * parsed when it is created, so its text is all there is: a warning.
 */
import type pg from 'pg';
import { attempt } from '../apply/attempt.js';
import { isDatabaseError } from '../apply/send.js';
import type { DbFunction } from '../catalog/model.js';
import { same, show } from '../migrations/names.js';
import { created, resolve } from '../validators/common.js';
import { changedNames, namesIn, takenNameIn } from './affected.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding } from './place.js';
import type { ProbeScope } from './scope.js';
import { functionDefinition, functionWrites } from './written-columns.js';

export async function probeFunctionsBefore(client: pg.Client, scope: ProbeScope, outcome: ProbeOutcome): Promise<void> {
  const { ctx } = scope;
  if (!scope.disposable || changedNames(ctx).taken.length === 0) return;
  const replaced = created(ctx, 'function').map((o) => resolve(ctx, o));
  const existed = new Set(ctx.before.functions.map((b) => `${b.schema}.${b.name}(${b.identityArgs})`));
  const candidates = ctx.after.functions.filter(
    (f) =>
      (f.language === 'sql' || f.language === 'plpgsql') &&
      // A trigger's function is judged by the trigger probe (src/probes/broken-triggers.ts).
      f.resultType !== 'trigger' &&
      existed.has(`${f.schema}.${f.name}(${f.identityArgs})`) &&
      !replaced.some((r) => same(r, f)),
  );
  for (const fn of candidates) {
    const taken = namesIn(ctx, fn.source);
    if (!taken) continue;
    const label = `${show(fn)}(${fn.identityArgs})`;
    const users = usersOf(scope, fn);
    if (fn.language === 'plpgsql') {
      // A column its INSERT or UPDATE writes by name fails for certain; a mention may be another table's column.
      const writes = taken.table !== undefined && (await functionWrites(client, ctx, fn, taken.table, taken.name));
      const message = writes
        ? `function ${label}, which existed before, writes ${show(resolve(ctx, taken.table!))}.${taken.name}, which this migration ${became(taken.to)}: that statement fails whenever it runs${users}`
        : `function ${label}, which existed before, names ${taken.name}, which this migration ${became(taken.to)}: the statement that uses it fails when it runs${users}`;
      const severity = writes ? 'error' : 'warning';
      outcome.findings.push(
        probeFinding(ctx, 'triggers', severity, 'existing-function-broken', message, label, taken.position),
      );
      record(outcome, 'triggers', 'function-before', label, writes ? 'fail' : 'warn', message);
      continue;
    }
    const error = await compiledAgain(client, fn);
    if (!error) {
      record(
        outcome,
        'triggers',
        'function-before',
        label,
        'pass',
        `still compiles after ${taken.name} was ${became(taken.to)}`,
      );
      continue;
    }
    const named = takenNameIn(ctx, error.message);
    const message = named
      ? `function ${label}, which existed before, no longer compiles after this migration: ${error.message}${users}`
      : `function ${label}, which existed before, does not compile after this migration (it may not have before either): ${error.message}${users}`;
    outcome.findings.push(
      probeFinding(
        ctx,
        'triggers',
        named ? 'error' : 'warning',
        'existing-function-broken',
        message,
        label,
        (named ?? taken).position,
      ),
    );
    record(outcome, 'triggers', 'function-before', label, named ? 'fail' : 'warn', message);
  }
}

function became(to: string | undefined): string {
  return to !== undefined ? `renamed to ${to}` : 'dropped';
}

/** The server's answer to the function's own definition, replayed: undefined when it compiles. */
async function compiledAgain(client: pg.Client, fn: DbFunction): Promise<pg.DatabaseError | undefined> {
  const result = await attempt(client, true, async () => {
    const definition = await functionDefinition(client, fn);
    // The checks PostgreSQL makes at CREATE time: on for this replay whatever the session says.
    if (definition) await client.query(`SET LOCAL check_function_bodies = on; ${definition}`);
  });
  return isDatabaseError(result) ? result : undefined;
}

/** ": every query on documents and orgs under their policies fails too", where policies call it. */
function usersOf(scope: ProbeScope, fn: DbFunction): string {
  const call = new RegExp(`(^|[^\\w$])${fn.name}\\s*\\(`, 'i');
  const tables = [
    ...new Set(
      scope.ctx.after.policies
        .filter((p) => call.test(p.using ?? '') || call.test(p.withCheck ?? ''))
        .map((p) => show({ schema: p.schema, name: p.table })),
    ),
  ];
  return tables.length > 0 ? `; the policies of ${tables.join(', ')} call it: queries on them fail too` : '';
}
