/**
 * Catalog lints judge the schema the migration leaves behind, like Supabase's
 * database advisors, but only for what the migration is answerable for: a
 * problem is reported when it was not there before the migration, or when
 * the object it is about was changed by it. Each lint runs on both snapshots
 * and is pure over them.
 */
import type { CatalogSnapshot, Table } from '../../catalog/model.js';
import type { Qualified } from '../../migrations/names.js';
import type { Finding, Severity, SourcePosition, TaskId } from '../../types.js';
import { created, finding, resolve, type ValidationContext } from '../../validators/common.js';
import type { RuleId } from '../catalogue.js';

export type LintSettings = Pick<ValidationContext, 'tenantColumn' | 'exposedSchemas' | 'postgresMajor'>;

/** Where the migration touches what a problem is about. */
export type Place =
  { kind: 'policy'; table: Qualified; name: string } | ({ kind: 'function' | 'relation' } & Qualified);

export interface Problem {
  rule: RuleId;
  task: TaskId;
  severity: Severity;
  message: string;
  object: string;
  /** The same problem has the same key in both snapshots. */
  key: string;
  /** What the problem is about, as it stands: when it differs from before, the migration changed it. */
  subject: unknown;
  /** Best first: the statement creating or altering the first one found is where the finding points. */
  places: Place[];
}

export type Lint = (snapshot: CatalogSnapshot, settings: LintSettings) => Problem[];

/** The problems the migration brought in or touched, as findings on its statements. */
export function runLints(ctx: ValidationContext, lints: Lint[]): Finding[] {
  return lints.flatMap((lint) => {
    const before = new Map(lint(ctx.before, ctx).map((p) => [p.key, JSON.stringify(p.subject)]));
    return lint(ctx.after, ctx)
      .filter((p) => before.get(p.key) !== JSON.stringify(p.subject))
      .map((p) => {
        const position = locate(ctx, p.places);
        return finding(p.task, p.severity, p.rule, p.message, ctx, p.object, position ? { position } : undefined);
      });
  });
}

/** The statement that creates one of the places, else one that names it (ALTER, GRANT, …). */
function locate(ctx: ValidationContext, places: Place[]): SourcePosition | undefined {
  for (const place of places) {
    const creating = created(ctx, place.kind === 'relation' ? 'table' : place.kind)
      .concat(place.kind === 'relation' ? created(ctx, 'view') : [])
      .find((o) =>
        place.kind === 'policy'
          ? o.name === place.name && sameName(resolve(ctx, o.table ?? { name: '' }), place.table)
          : sameName(resolve(ctx, o), place),
      );
    if (creating) return creating.position;
  }
  for (const place of places) {
    const named = place.kind === 'policy' ? place.table : place;
    const kinds = place.kind === 'function' ? ['function'] : ['table', 'view'];
    const references = ctx.target.statements
      .flatMap((s) => s.references)
      .filter((r) => kinds.includes(r.object.kind) && sameName(resolve(ctx, r.object), named));
    const reference = references.find((r) => r.role === 'alter' || r.role === 'other') ?? references[0];
    if (reference) return reference.position;
  }
  return undefined;
}

function sameName(a: Qualified, b: Qualified): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** Relations by `schema.name`. */
export function relations(snapshot: CatalogSnapshot): Map<string, Table> {
  return new Map(snapshot.tables.map((t) => [key(t), t]));
}

export function key(name: Qualified): string {
  return `${name.schema}.${name.name}`;
}

/** `a, b and c`. */
export function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
