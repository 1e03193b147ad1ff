/**
 * Entries for relations and what hangs off them: the table itself, its RLS
 * setting, columns, indexes, constraints, policies and triggers.
 */
import { type Entry, entryKey, field, list, qualified } from './entry.js';
import type { Column, Constraint, Index, Policy, Table, Trigger } from './model.js';

const RELATION_NOUNS: Record<Table['kind'], string> = {
  table: 'table',
  partitioned: 'partitioned table',
  view: 'view',
  matview: 'materialized view',
  foreign: 'foreign table',
};

export function tableEntries(table: Table): Entry[] {
  const object = qualified(table.schema, table.name);
  const tableKey = entryKey('table', object);
  const partOf = table.partitionOf
    ? `${qualified(table.partitionOf.schema, table.partitionOf.name)} ${table.partitionBound ?? ''}`.trim()
    : null;
  const entries: Entry[] = [
    {
      kind: 'table',
      object,
      noun: RELATION_NOUNS[table.kind],
      columnOrder: table.columns.map((column) => column.name),
      fields: [
        field('kind', RELATION_NOUNS[table.kind]),
        field('partition key', table.partitionKey),
        field('partition of', partOf),
        field('', table.unlogged ? 'UNLOGGED' : 'LOGGED'),
        field('definition', table.definition, true),
      ],
    },
    {
      kind: 'rls',
      object,
      partOf: tableKey,
      fields: [
        field('RLS', table.rlsEnabled ? 'enabled' : 'disabled'),
        field('RLS', table.rlsForced ? 'forced' : 'not forced'),
      ],
    },
  ];
  for (const column of table.columns) entries.push(columnEntry(object, tableKey, column));
  return entries;
}

function columnEntry(table: string, tableKey: string, column: Column): Entry {
  return {
    kind: 'column',
    object: `${table}.${column.name}`,
    partOf: tableKey,
    fields: [
      field('type', column.type),
      field('', column.notNull ? 'NOT NULL' : 'nullable'),
      field('default', column.default),
      field('identity', column.identity),
      field('generated', column.generated),
    ],
  };
}

export function indexEntry(index: Index): Entry {
  return {
    kind: 'index',
    object: qualified(index.schema, index.name),
    fields: [
      field('definition', index.definition),
      field('', index.valid ? 'valid' : 'INVALID'),
      field('constraint', index.constraint),
    ],
  };
}

export function constraintEntry(constraint: Constraint): Entry {
  return {
    kind: 'constraint',
    object: `${qualified(constraint.schema, constraint.table)}.${constraint.name}`,
    // Named after its table: when the table is missing (dropped, renamed), that difference says it all.
    partOf: entryKey('table', qualified(constraint.schema, constraint.table)),
    fields: [field('definition', constraint.definition), field('', constraint.validated ? 'validated' : 'NOT VALID')],
  };
}

export function policyEntry(policy: Policy): Entry {
  return {
    kind: 'policy',
    object: `${qualified(policy.schema, policy.table)}.${policy.name}`,
    partOf: entryKey('table', qualified(policy.schema, policy.table)),
    fields: [
      field('command', policy.command),
      field('', policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'),
      field('roles', list(policy.roles)),
      field('USING', policy.using),
      field('WITH CHECK', policy.withCheck),
    ],
  };
}

export function triggerEntry(trigger: Trigger): Entry {
  const state = trigger.firing === 'ORIGIN' ? 'enabled' : trigger.enabled ? `enabled ${trigger.firing}` : 'disabled';
  return {
    kind: 'trigger',
    object: `${qualified(trigger.schema, trigger.table)}.${trigger.name}`,
    partOf: entryKey('table', qualified(trigger.schema, trigger.table)),
    fields: [field('definition', trigger.definition), field('', state)],
  };
}
