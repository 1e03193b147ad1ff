/**
 * What the database holds, as the validators see it: the user objects of one
 * database at one moment. Everything is text, booleans and arrays, never an
 * OID, so two snapshots can be compared even across a drop and re-create.
 *
 * Expressions and types are rendered by PostgreSQL (format_type, pg_get_expr,
 * pg_get_*def) with only pg_catalog on the search_path, so user objects always
 * appear schema-qualified (`public.sync_status`, `nextval('public.t_id_seq'::regclass)`).
 */
import type { FkAction } from '../migrations/model.js';

export type { FkAction };

export interface QualifiedName {
  schema: string;
  name: string;
}

export type RelationKind = 'table' | 'partitioned' | 'view' | 'matview' | 'foreign';

export interface Column {
  name: string;
  /** format_type with the type modifier: `character varying(20)`, `public.sync_status`. */
  type: string;
  notNull: boolean;
  /** The default expression; null for generated columns (see `generated`). */
  default: string | null;
  identity: 'ALWAYS' | 'BY DEFAULT' | null;
  /** The expression of a `GENERATED ALWAYS AS (…) STORED` column. */
  generated: string | null;
}

export interface Table {
  schema: string;
  name: string;
  kind: RelationKind;
  /** In attnum order, dropped columns left out. */
  columns: Column[];
  /** pg_get_partkeydef, e.g. `RANGE (created_at)`; null unless partitioned. */
  partitionKey: string | null;
  /** The parent when this relation is a partition. */
  partitionOf: QualifiedName | null;
  /** e.g. `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` or `DEFAULT`. */
  partitionBound: string | null;
  rlsEnabled: boolean;
  rlsForced: boolean;
  unlogged: boolean;
  /** The query of a view or materialized view. */
  definition: string | null;
  /** reloptions as PostgreSQL keeps them: `security_invoker=true`, `fillfactor=70`. */
  options: string[];
  /** The relations a view or materialized view reads directly; empty for other relations. */
  reads: QualifiedName[];
  /**
   * Roles granted SELECT, INSERT, UPDATE or DELETE on it (`public` for PUBLIC)
   * that row level security applies to: not the owner, superusers or BYPASSRLS roles.
   */
  grantees: string[];
}

export interface Index {
  schema: string;
  name: string;
  /** The indexed relation, always in the index's own schema. */
  table: string;
  /** Access method: btree, gin, gist, … */
  method: string;
  /** Key columns or expressions, in index order. */
  columns: string[];
  /** INCLUDE columns. */
  include: string[];
  unique: boolean;
  primary: boolean;
  /** False while CREATE INDEX CONCURRENTLY is unfinished or after it failed. */
  valid: boolean;
  ready: boolean;
  predicate: string | null;
  definition: string;
  /** The constraint the index implements (primary key, unique, exclusion). */
  constraint: string | null;
  /** PostgreSQL created it on a partition for the partitioned parent's index. */
  inherited: boolean;
}

/** p primary key, u unique, c check, f foreign key, x exclusion. */
export type ConstraintType = 'p' | 'u' | 'c' | 'f' | 'x';

interface ConstraintBase {
  schema: string;
  table: string;
  name: string;
  /** pg_get_constraintdef, e.g. `FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE CASCADE`. */
  definition: string;
  columns: string[];
  /** False for `NOT VALID` constraints not yet validated. */
  validated: boolean;
  deferrable: boolean;
  deferred: boolean;
  /** Cloned onto a partition or inherited from a parent table. */
  inherited: boolean;
}

export interface ForeignKey extends ConstraintBase {
  type: 'f';
  refTable: QualifiedName;
  refColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
}

export interface OtherConstraint extends ConstraintBase {
  type: Exclude<ConstraintType, 'f'>;
}

/** Narrow on `type === 'f'` to reach the foreign key's references. */
export type Constraint = ForeignKey | OtherConstraint;

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface Policy {
  schema: string;
  table: string;
  name: string;
  command: PolicyCommand;
  permissive: boolean;
  /** Role names sorted; `public` for PUBLIC. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
  /** Those of `roles` that row level security never applies to (superusers, BYPASSRLS): the policy decides nothing for them. */
  exemptRoles: string[];
}

/** f function, p procedure, a aggregate, w window function. */
export type FunctionKind = 'f' | 'p' | 'a' | 'w';
export type Volatility = 'IMMUTABLE' | 'STABLE' | 'VOLATILE';

export interface DbFunction {
  schema: string;
  name: string;
  /** pg_get_function_identity_arguments: with `name` this identifies an overload. */
  identityArgs: string;
  /** pg_get_function_result, e.g. `trigger`, `SETOF public.t`; null for procedures. */
  resultType: string | null;
  language: string;
  securityDefiner: boolean;
  /** proconfig entries, e.g. `search_path=public`. */
  config: string[];
  kind: FunctionKind;
  volatility: Volatility;
  strict: boolean;
  /** The body (prosrc): lets a diff notice CREATE OR REPLACE. */
  source: string;
}

export type TriggerTiming = 'BEFORE' | 'AFTER' | 'INSTEAD OF';
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
/** When the trigger fires with respect to session_replication_role. */
export type TriggerFiring = 'ORIGIN' | 'REPLICA' | 'ALWAYS' | 'DISABLED';

export interface Trigger {
  schema: string;
  table: string;
  name: string;
  function: QualifiedName;
  timing: TriggerTiming;
  /** In the order INSERT, UPDATE, DELETE, TRUNCATE. */
  events: TriggerEvent[];
  forEach: 'ROW' | 'STATEMENT';
  /** False only for `DISABLE TRIGGER`; see `firing` for replica modes. */
  enabled: boolean;
  firing: TriggerFiring;
  definition: string;
  /** Cloned onto a partition from the partitioned parent's trigger. */
  inherited: boolean;
}

export interface EnumType {
  schema: string;
  name: string;
  /** Labels in enumsortorder, which is not creation order after `ADD VALUE … BEFORE`. */
  values: string[];
}

export type OtherTypeKind = 'domain' | 'composite' | 'range' | 'base';

export interface OtherType {
  schema: string;
  name: string;
  kind: OtherTypeKind;
  /** Domain base type, default, NOT NULL and checks; composite attributes; range subtype. */
  definition: string | null;
}

export interface Sequence {
  schema: string;
  name: string;
  dataType: string;
  // bigint settings stay text: they may not fit a JavaScript number.
  start: string;
  increment: string;
  minValue: string;
  maxValue: string;
  cycle: boolean;
  /** The column of a serial / identity / `OWNED BY` sequence. */
  ownedBy: { schema: string; table: string; column: string } | null;
  /** Backs an identity column. */
  identity: boolean;
}

export interface Extension {
  name: string;
  version: string;
  schema: string;
}

/** Every family is sorted by schema, then table (where it has one), then name. */
export interface CatalogSnapshot {
  schemas: string[];
  /** Tables, partitioned tables, partitions, views, materialized views, foreign tables. */
  tables: Table[];
  indexes: Index[];
  constraints: Constraint[];
  policies: Policy[];
  functions: DbFunction[];
  triggers: Trigger[];
  enums: EnumType[];
  /** Domains, stand-alone composite types, ranges, base types. */
  types: OtherType[];
  sequences: Sequence[];
  /** All installed extensions, including the default plpgsql. */
  extensions: Extension[];
}
