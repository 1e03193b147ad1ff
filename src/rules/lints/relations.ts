/**
 * Lints over relations: views that read tables with row level security as
 * their owner, and tables an HTTP API serves without row level security.
 * Only roles RLS applies to count (`Table.grantees`): a view or table no
 * such role may read exposes nothing.
 */
import type { Table } from '../../catalog/model.js';
import { type Lint, type Problem, key, listed, relations } from './problem.js';
import { show } from '../../migrations/names.js';

/** PostgreSQL's spellings of true for a boolean option (parse_bool): t, tr, tru, true, y, ye, yes, on, 1. */
const TRUE = /^(t|tr|tru|true|y|ye|yes|on|1)$/i;

export function securityInvoker(view: Table): boolean {
  const option = view.options.find((o) => o.toLowerCase().startsWith('security_invoker='));
  return option !== undefined && TRUE.test(option.slice(option.indexOf('=') + 1));
}

/**
 * A view runs its query with its owner's rights, and row level security
 * sees the owner, who usually owns the tables too and so passes every
 * policy. PostgreSQL 15 added `security_invoker`; before it a view has no
 * way to apply the caller's policies, and nothing is said.
 */
export const viewsBypassingRls: Lint = (snapshot, settings) => {
  if (settings.postgresMajor < 15) return [];
  const tables = relations(snapshot);
  return snapshot.tables.flatMap((view): Problem[] => {
    if (view.kind !== 'view' || view.grantees.length === 0 || securityInvoker(view)) return [];
    const hidden = protectedReads(view, tables);
    if (hidden.length === 0) return [];
    return [
      {
        rule: 'view-bypasses-rls',
        task: 'rls',
        severity: 'warning',
        message: `view ${show(view)} reads ${listed(hidden.map(show))} as its owner, past ${hidden.length > 1 ? 'their' : 'its'} row level security: ${listed(view.grantees)} see every row through it`,
        object: show(view),
        key: key(view),
        subject: { view, hidden: hidden.map(key) },
        places: [view, ...hidden].map((r) => ({ kind: 'relation', schema: r.schema, name: r.name })),
      },
    ];
  });
};

/** Tables with RLS the view reads, directly or through other views (which then also run as this view's owner). */
function protectedReads(view: Table, tables: Map<string, Table>): Table[] {
  const found: Table[] = [];
  const seen = new Set<string>([key(view)]);
  const visit = (relation: Table): void => {
    for (const name of relation.reads) {
      const read = tables.get(key(name));
      if (!read || seen.has(key(read))) continue;
      seen.add(key(read));
      if (read.kind === 'view') visit(read);
      else if ((read.kind === 'table' || read.kind === 'partitioned') && read.rlsEnabled) found.push(read);
    }
  };
  visit(view);
  return found;
}

/**
 * A table in a schema the API serves (PostgREST: every table its roles are
 * granted) without row level security: whoever holds the API's key reads
 * and writes every row. Partitions too: the API serves them on their own,
 * past their parent's policies.
 */
export const exposedWithoutRls: Lint = (snapshot, settings) =>
  snapshot.tables.flatMap((table): Problem[] => {
    if (table.kind !== 'table' && table.kind !== 'partitioned') return [];
    if (!settings.exposedSchemas.includes(table.schema) || table.rlsEnabled || table.grantees.length === 0) return [];
    return [
      {
        rule: 'exposed-table-without-rls',
        task: 'rls',
        severity: 'error',
        message: `table ${show(table)} is served by the API (schema ${table.schema}) without row level security: ${listed(table.grantees)} may reach every row`,
        object: show(table),
        key: key(table),
        subject: table.grantees,
        places: [{ kind: 'relation', schema: table.schema, name: table.name }],
      },
    ];
  });
