import type { Finding, TaskResult } from '../types.js';
import { created, createdNamed, finding, taskResult, type ValidationContext, resolve, resolveKey } from './common.js';
import { show } from '../migrations/names.js';

/** Task `enums`: enum types exist with the expected values, in the expected order. */
export function validateEnums(ctx: ValidationContext): TaskResult {
  const findings: Finding[] = [];
  const checked: string[] = [];
  /** `expected` undefined: the type must exist, its values are what the migration's own statements made them. */
  const check = (key: string, expected?: number | string[]): void => {
    const name = resolveKey(ctx, key);
    const at = createdNamed(ctx, 'type', name);
    const type = ctx.after.enums.find((e) => e.schema === name.schema && e.name === name.name);
    checked.push(show(name));
    if (!type) {
      findings.push(
        finding('enums', 'error', 'enum-missing', `enum type ${show(name)} does not exist`, ctx, show(name), at),
      );
    } else if (typeof expected === 'number' && type.values.length !== expected) {
      findings.push(
        finding(
          'enums',
          'error',
          'enum-values',
          `enum type ${show(name)} has ${type.values.length} values, expected ${expected}`,
          ctx,
          show(name),
          at,
        ),
      );
    } else if (Array.isArray(expected) && expected.join('\0') !== type.values.join('\0')) {
      findings.push(
        finding(
          'enums',
          'error',
          'enum-values',
          `enum type ${show(name)} has values [${type.values.join(', ')}], expected [${expected.join(', ')}]`,
          ctx,
          show(name),
          at,
        ),
      );
    }
  };
  for (const object of created(ctx, 'type')) {
    if (object.details?.kind !== 'type' || !object.details.enumValues) continue;
    const name = resolve(ctx, object);
    const key = `${name.schema}.${name.name}`;
    // A configured expectation replaces the one derived from the file; so do the file's own later
    // ALTER TYPE … ADD VALUE / RENAME VALUE, which PostgreSQL applied as written.
    if (!configured(ctx, name))
      check(key, alteredLater(ctx, name, object.position.line) ? undefined : object.details.enumValues);
  }
  for (const [key, expected] of Object.entries(ctx.expected.enums ?? {})) check(key, expected);
  const counts = checked.map((n) => ctx.after.enums.find((e) => show(e) === n)?.values.length ?? 0);
  const summary =
    checked.length === 0 ? 'No enum types' : `${checked.length} enum types (${counts.join('/')} values), in order`;
  return taskResult('enums', findings, summary);
}

function configured(ctx: ValidationContext, name: { schema: string; name: string }): boolean {
  return Object.keys(ctx.expected.enums ?? {}).some((key) => show(resolveKey(ctx, key)) === show(name));
}

function alteredLater(ctx: ValidationContext, name: { schema: string; name: string }, line: number): boolean {
  return ctx.target.statements.some(
    (s) =>
      s.start.line >= line &&
      s.references.some(
        (r) => r.role === 'alter' && r.object.kind === 'type' && show(resolve(ctx, r.object)) === show(name),
      ),
  );
}
