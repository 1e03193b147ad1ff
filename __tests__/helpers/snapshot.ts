/**
 * Small hand-built catalog snapshots for validator and lint unit tests: a few
 * literal tables, policies, indexes… with every field a real snapshot has,
 * defaulted. Names are `table` (in public) or `schema.table`.
 */
import type {
  CatalogSnapshot,
  Column,
  DbFunction,
  EnumType,
  ForeignKey,
  Index,
  Policy,
  Table,
  Trigger,
} from '../../src/catalog/model.js';
import { parseQualified } from '../../src/migrations/names.js';
import { parseSql } from '../../src/migrations/parse.js';
import type { ValidationContext } from '../../src/validators/common.js';

export function snapshot(parts: Partial<CatalogSnapshot> = {}): CatalogSnapshot {
  return {
    schemas: ['public'],
    tables: [],
    indexes: [],
    constraints: [],
    policies: [],
    functions: [],
    triggers: [],
    enums: [],
    types: [],
    sequences: [],
    extensions: [{ name: 'plpgsql', version: '1.0', schema: 'pg_catalog' }],
    ...parts,
  };
}

/** Columns by name (text, nullable) or spelled out. */
export function table(name: string, columns: (string | Partial<Column>)[] = ['id'], extra: Partial<Table> = {}): Table {
  return {
    ...parseQualified(name),
    kind: 'table',
    columns: columns.map((c) => ({
      type: 'text',
      notNull: false,
      default: null,
      identity: null,
      generated: null,
      ...(typeof c === 'string' ? { name: c } : { name: 'id', ...c }),
    })),
    partitionKey: null,
    partitionOf: null,
    partitionBound: null,
    rlsEnabled: false,
    rlsForced: false,
    unlogged: false,
    definition: null,
    options: [],
    reads: [],
    grantees: [],
    ...extra,
  };
}

/** A view reading the named relations. */
export function view(name: string, reads: string[], extra: Partial<Table> = {}): Table {
  return table(name, ['id'], {
    kind: 'view',
    definition: `SELECT id FROM ${reads.join(', ')}`,
    reads: reads.map((r) => parseQualified(r)),
    ...extra,
  });
}

export function policy(on: string, name: string, extra: Partial<Policy> = {}): Policy {
  const { schema, name: tableName } = parseQualified(on);
  return {
    schema,
    table: tableName,
    name,
    command: 'ALL',
    permissive: true,
    roles: ['public'],
    using: null,
    withCheck: null,
    exemptRoles: [],
    ...extra,
  };
}

export function index(on: string, name: string, columns: string[], extra: Partial<Index> = {}): Index {
  const { schema, name: tableName } = parseQualified(on);
  return {
    schema,
    name,
    table: tableName,
    method: 'btree',
    columns,
    include: [],
    unique: false,
    primary: false,
    valid: true,
    ready: true,
    predicate: null,
    definition: `CREATE INDEX ${name} ON ${schema}.${tableName} USING btree (${columns.join(', ')})`,
    constraint: null,
    inherited: false,
    ...extra,
  };
}

export function foreignKey(
  from: string,
  columns: string[],
  to: string,
  refColumns: string[],
  extra: Partial<ForeignKey> = {},
): ForeignKey {
  const { schema, name: tableName } = parseQualified(from);
  return {
    type: 'f',
    schema,
    table: tableName,
    name: `${tableName}_${columns.join('_')}_fkey`,
    definition: `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${to}(${refColumns.join(', ')})`,
    columns,
    refTable: parseQualified(to),
    refColumns,
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
    validated: true,
    deferrable: false,
    deferred: false,
    inherited: false,
    ...extra,
  };
}

export function fn(name: string, extra: Partial<DbFunction> = {}): DbFunction {
  return {
    ...parseQualified(name),
    identityArgs: '',
    resultType: 'trigger',
    language: 'plpgsql',
    securityDefiner: false,
    config: [],
    kind: 'f',
    volatility: 'VOLATILE',
    strict: false,
    source: 'BEGIN RETURN NEW; END',
    ...extra,
  };
}

export function trigger(on: string, name: string, functionName: string, extra: Partial<Trigger> = {}): Trigger {
  const { schema, name: tableName } = parseQualified(on);
  return {
    schema,
    table: tableName,
    name,
    function: parseQualified(functionName),
    timing: 'BEFORE',
    events: ['UPDATE'],
    forEach: 'ROW',
    enabled: true,
    firing: 'ORIGIN',
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE ON ${schema}.${tableName} FOR EACH ROW EXECUTE FUNCTION ${functionName}()`,
    inherited: false,
    ...extra,
  };
}

export function enumType(name: string, values: string[]): EnumType {
  return { ...parseQualified(name), values };
}

/**
 * What a validator sees: the migration's text (really parsed), the schema
 * before and after it. The after snapshot defaults to the before one.
 */
export async function context(
  sql: string,
  before: CatalogSnapshot,
  after: CatalogSnapshot = before,
  extra: Partial<ValidationContext> = {},
): Promise<ValidationContext> {
  return {
    target: await parseSql(sql, 'm/0002_target.sql'),
    before,
    after,
    expected: {},
    tenantColumn: 'org_id',
    searchPath: ['public'],
    exposedSchemas: [],
    postgresMajor: 17,
    ...extra,
  };
}
