import type { Trigger } from '../catalog/model.js';
import type { Finding, TaskResult } from '../types.js';
import { created, createdNamed, finding, taskResult, type ValidationContext, resolve, resolveKey } from './common.js';
import { show, type Qualified } from '../migrations/names.js';
import { functionLints } from '../rules/lints/index.js';

interface TriggerSpec {
  name: string;
  table: Qualified;
  function?: Qualified;
  timing?: string;
  events?: string[];
}

/** Task `triggers`: functions exist; triggers sit on the declared table with the declared timing and events. */
export function validateTriggers(ctx: ValidationContext): TaskResult {
  const findings: Finding[] = [];
  const functions = [
    ...created(ctx, 'function').map((o) => resolve(ctx, o)),
    ...(ctx.expected.functions ?? []).map((key) => resolveKey(ctx, key)),
  ];
  const seen = new Set<string>();
  for (const name of functions) {
    if (seen.has(show(name))) continue;
    seen.add(show(name));
    if (!ctx.after.functions.some((f) => f.schema === name.schema && f.name === name.name)) {
      findings.push(
        finding(
          'triggers',
          'error',
          'function-missing',
          `function ${show(name)}() does not exist`,
          ctx,
          `${show(name)}()`,
          createdNamed(ctx, 'function', name),
        ),
      );
    }
  }

  const specs: TriggerSpec[] = created(ctx, 'trigger').map((object) => ({
    name: object.name,
    table: resolve(ctx, object.table ?? { name: '?' }),
    ...(object.details?.kind === 'trigger'
      ? {
          function: resolve(ctx, object.details.function),
          timing: object.details.timing,
          events: object.details.events,
        }
      : {}),
  }));
  for (const expected of ctx.expected.triggers ?? []) {
    specs.push({
      name: expected.name,
      table: resolveKey(ctx, expected.table),
      ...(expected.function ? { function: resolveKey(ctx, expected.function) } : {}),
      ...(expected.timing ? { timing: expected.timing } : {}),
      ...(expected.events ? { events: expected.events } : {}),
    });
  }
  for (const spec of specs) {
    const at = created(ctx, 'trigger').find((o) => o.name === spec.name);
    const trigger = ctx.after.triggers.find(
      (t) => t.name === spec.name && !t.inherited && t.schema === spec.table.schema && t.table === spec.table.name,
    );
    const label = `trigger ${spec.name} on ${show(spec.table)}`;
    if (!trigger) {
      const elsewhere = ctx.after.triggers.find((t) => t.name === spec.name && !t.inherited);
      const where = elsewhere ? ` (it is on ${show({ schema: elsewhere.schema, name: elsewhere.table })})` : '';
      findings.push(
        finding('triggers', 'error', 'trigger-missing', `${label} does not exist${where}`, ctx, spec.name, at),
      );
      continue;
    }
    for (const problem of mismatches(spec, trigger, ctx.after.functions)) {
      findings.push(finding('triggers', 'error', 'trigger-mismatch', `${label}: ${problem}`, ctx, spec.name, at));
    }
  }
  findings.push(...functionLints(ctx));
  const triggers = new Set(specs.map((s) => s.name)).size;
  const summary =
    seen.size + triggers === 0
      ? 'No trigger functions or triggers'
      : `${seen.size} functions, ${triggers} triggers attached as declared`;
  return taskResult('triggers', findings, summary);
}

function mismatches(spec: TriggerSpec, trigger: Trigger, userFunctions: { schema: string; name: string }[]): string[] {
  const problems: string[] = [];
  if (spec.timing && spec.timing !== trigger.timing) problems.push(`fires ${trigger.timing}, expected ${spec.timing}`);
  if (spec.events) {
    const expected = [...spec.events].sort().join(' OR ');
    const actual = [...trigger.events].sort().join(' OR ');
    if (expected !== actual) problems.push(`fires on ${actual}, expected ${expected}`);
  }
  if (spec.function && !sameFunction(spec.function, trigger.function, userFunctions)) {
    problems.push(`executes ${show(trigger.function)}(), expected ${show(spec.function)}()`);
  }
  return problems;
}

/**
 * PostgreSQL looks in pg_catalog first for an unqualified name: a trigger on
 * `tsvector_update_trigger(…)` runs pg_catalog's, which the name resolved
 * through the user's schemas (none of which holds it) does not say.
 */
function sameFunction(
  expected: { schema: string; name: string },
  actual: { schema: string; name: string },
  userFunctions: { schema: string; name: string }[],
): boolean {
  if (expected.name !== actual.name) return false;
  if (expected.schema === actual.schema) return true;
  return (
    actual.schema === 'pg_catalog' &&
    !userFunctions.some((f) => f.schema === expected.schema && f.name === expected.name)
  );
}
