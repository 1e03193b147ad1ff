/**
 * The rows the sql/catalog queries return, and their conversion to the model.
 * Column names are snake_case as SQL writes them; the model is camelCase.
 */
import * as decode from './decode.js';
import type {
  Column,
  Constraint,
  DbFunction,
  EnumType,
  OtherType,
  Policy,
  QualifiedName,
  Sequence,
  Table,
  Trigger,
} from './model.js';

export interface TableRow {
  schema: string;
  name: string;
  relkind: string;
  unlogged: boolean;
  rls_enabled: boolean;
  rls_forced: boolean;
  partition_key: string | null;
  parent_schema: string | null;
  parent_name: string | null;
  partition_bound: string | null;
  definition: string | null;
  /** Built by json_build_object with the Column field names. */
  columns: Column[];
  options: string[];
  reads: QualifiedName[];
  grantees: string[];
}

export function toTable(row: TableRow): Table {
  return {
    schema: row.schema,
    name: row.name,
    kind: decode.relationKind(row.relkind),
    columns: row.columns,
    partitionKey: row.partition_key,
    partitionOf:
      row.parent_schema !== null && row.parent_name !== null
        ? { schema: row.parent_schema, name: row.parent_name }
        : null,
    partitionBound: row.partition_bound,
    rlsEnabled: row.rls_enabled,
    rlsForced: row.rls_forced,
    unlogged: row.unlogged,
    definition: row.definition,
    options: row.options,
    reads: row.reads,
    grantees: row.grantees,
  };
}

export interface ConstraintRow {
  schema: string;
  table: string;
  name: string;
  type: string;
  definition: string;
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  validated: boolean;
  deferrable: boolean;
  deferred: boolean;
  inherited: boolean;
}

export function toConstraint(row: ConstraintRow): Constraint {
  const base = {
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: row.definition,
    columns: row.columns,
    validated: row.validated,
    deferrable: row.deferrable,
    deferred: row.deferred,
    inherited: row.inherited,
  };
  if (row.type === 'f') {
    return {
      ...base,
      type: 'f',
      refTable: { schema: row.ref_schema ?? '', name: row.ref_table ?? '' },
      refColumns: row.ref_columns,
      onDelete: decode.fkAction(row.on_delete),
      onUpdate: decode.fkAction(row.on_update),
    };
  }
  if (row.type === 'p' || row.type === 'u' || row.type === 'c' || row.type === 'x') return { ...base, type: row.type };
  throw new Error(`unexpected constraint type '${row.type}' in the catalog`);
}

export interface PolicyRow extends Omit<Policy, 'command' | 'withCheck' | 'exemptRoles'> {
  command: string;
  with_check: string | null;
  exempt_roles: string[];
}

export function toPolicy({ with_check, command, exempt_roles, ...rest }: PolicyRow): Policy {
  return { ...rest, command: decode.policyCommand(command), withCheck: with_check, exemptRoles: exempt_roles };
}

export interface FunctionRow {
  schema: string;
  name: string;
  identity_args: string;
  result_type: string | null;
  language: string;
  security_definer: boolean;
  config: string[];
  kind: string;
  volatility: string;
  strict: boolean;
  source: string;
}

export function toFunction(row: FunctionRow): DbFunction {
  return {
    schema: row.schema,
    name: row.name,
    identityArgs: row.identity_args,
    resultType: row.result_type,
    language: row.language,
    securityDefiner: row.security_definer,
    config: row.config,
    kind: decode.functionKind(row.kind),
    volatility: decode.volatility(row.volatility),
    strict: row.strict,
    source: row.source,
  };
}

export interface TriggerRow {
  schema: string;
  table: string;
  name: string;
  function_schema: string;
  function_name: string;
  type_bits: number;
  enabled: string;
  definition: string;
  inherited: boolean;
}

export function toTrigger(row: TriggerRow): Trigger {
  const firing = decode.triggerFiring(row.enabled);
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    function: { schema: row.function_schema, name: row.function_name },
    ...decode.triggerType(row.type_bits),
    enabled: firing !== 'DISABLED',
    firing,
    definition: row.definition,
    inherited: row.inherited,
  };
}

export interface TypeRow {
  schema: string;
  name: string;
  typtype: string;
  values: string[] | null;
  definition: string | null;
}

export function splitTypes(typeRows: TypeRow[]): { enums: EnumType[]; types: OtherType[] } {
  const enums: EnumType[] = [];
  const types: OtherType[] = [];
  for (const { schema, name, typtype, values, definition } of typeRows) {
    if (typtype === 'e') enums.push({ schema, name, values: values ?? [] });
    else types.push({ schema, name, kind: decode.otherTypeKind(typtype), definition });
  }
  return { enums, types };
}

export interface SequenceRow {
  schema: string;
  name: string;
  data_type: string;
  start: string;
  increment: string;
  min_value: string;
  max_value: string;
  cycle: boolean;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
  identity: boolean;
}

export function toSequence(row: SequenceRow): Sequence {
  const { owner_schema: schema, owner_table: table, owner_column: column } = row;
  return {
    schema: row.schema,
    name: row.name,
    dataType: row.data_type,
    start: row.start,
    increment: row.increment,
    minValue: row.min_value,
    maxValue: row.max_value,
    cycle: row.cycle,
    ownedBy: schema !== null && table !== null && column !== null ? { schema, table, column } : null,
    identity: row.identity,
  };
}
