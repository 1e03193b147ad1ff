/**
 * What the gate understands of a SQL file, as produced by the real PostgreSQL
 * parser. Locations are 1-based lines and columns counted in characters (the
 * parser's byte offsets are converted), so they can be shown to people.
 */
import type { SourcePosition } from '../types.js';
import type { LockTimeoutSetting, TableChange } from './changes.js';
import type { Rename } from './renames.js';

export type ObjectKind =
  | 'schema'
  | 'table'
  | 'view'
  | 'sequence'
  | 'index'
  | 'type'
  | 'function'
  | 'trigger'
  | 'policy'
  | 'extension'
  | 'role';

/** A named database object. `schema` is undefined when the SQL left it unqualified. */
export interface ObjectName {
  kind: ObjectKind;
  schema?: string;
  name: string;
  /** For triggers, policies and indexes: the table they belong to. */
  table?: { schema?: string; name: string };
}

export interface ForeignKeyDef {
  name?: string;
  columns: string[];
  refTable: { schema?: string; name: string };
  refColumns: string[];
  /** PostgreSQL's one-letter action codes spelled out. */
  onDelete: FkAction;
  onUpdate: FkAction;
  position: SourcePosition;
}
export type FkAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** What a statement declares about the object it creates; used to derive expectations. */
export type ObjectDetails =
  | {
      kind: 'table';
      columns: string[];
      partitioned: boolean;
      /** Set when the table is a partition (`PARTITION OF parent`). */
      partitionOf?: { schema?: string; name: string };
      foreignKeys: ForeignKeyDef[];
    }
  | { kind: 'type'; enumValues?: string[] }
  | {
      kind: 'policy';
      command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
      permissive: boolean;
      roles: string[];
    }
  | {
      kind: 'trigger';
      timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
      events: ('INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE')[];
      forEach: 'ROW' | 'STATEMENT';
      function: { schema?: string; name: string };
    }
  | { kind: 'index'; columns: string[]; unique: boolean; concurrently: boolean }
  | { kind: 'function'; language?: string; returnsTrigger: boolean; body?: FunctionBody };

/**
 * What a PL/pgSQL function's statements would do when it is called, every
 * branch included. Never prerequisites of the CREATE FUNCTION: a body is
 * late-bound, the objects it names need not exist until it runs.
 */
export interface FunctionBody {
  creates: CreatedObject[];
  references: ObjectReference[];
  drops: ObjectName[];
}

export interface CreatedObject extends ObjectName {
  position: SourcePosition;
  details?: ObjectDetails;
  /** `CREATE TEMP TABLE`: gone when the session ends, never expected afterwards. */
  temporary?: true;
}

/** Why a statement mentions an object; drives the wording of findings and impacts. */
export type ReferenceRole =
  | 'foreign-key'
  | 'from'
  | 'policy'
  | 'trigger-table'
  | 'trigger-function'
  | 'function-call'
  | 'type'
  | 'alter'
  | 'index-table'
  | 'schema'
  | 'other';

export interface ObjectReference {
  object: ObjectName;
  role: ReferenceRole;
  position: SourcePosition;
}

export type TransactionControl = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release';

export interface Statement {
  /** 0-based index within the file. */
  index: number;
  /** The statement text exactly as in the file (no trailing semicolon). */
  sql: string;
  /** Character offset of `sql` within the file text. */
  offset: number;
  start: SourcePosition;
  end: SourcePosition;
  /** The parse node's type, e.g. `CreateStmt`, `CreatePolicyStmt`. */
  kind: string;
  creates: CreatedObject[];
  /** Objects this statement needs to exist before it runs (excluding what it creates itself). */
  references: ObjectReference[];
  transaction?: TransactionControl;
  /** True for statements PostgreSQL refuses inside a transaction block. */
  nonTransactional: boolean;
  /** Objects it drops (down migrations). */
  drops: ObjectName[];
  /** Foreign keys added to an existing table (`ALTER TABLE … ADD [CONSTRAINT …] FOREIGN KEY`). */
  addsForeignKeys?: { table: { schema?: string; name: string }; foreignKey: ForeignKeyDef }[];
  /** What it says it does to tables (add a column, validate a constraint, build an index, …): where safety findings go. */
  changes?: TableChange[];
  /** Objects it renames or moves to another schema. */
  renames?: Rename[];
  /** `SET [LOCAL] lock_timeout`. */
  lockTimeout?: LockTimeoutSetting;
  /** What it does that a rollback does not undo (dblink, COPY … PROGRAM, setval, …); refused on a database the gate must not change. */
  sideEffects?: { what: string; why: string; position: SourcePosition }[];
}

export interface MetaCommand {
  line: number;
  command: string;
}

export interface SqlSyntaxError {
  message: string;
  line: number;
  column: number;
}

export interface ParsedSql {
  /** Path as shown to users (relative to the working directory). */
  file: string;
  text: string;
  statements: Statement[];
  /** The file wraps itself in BEGIN … COMMIT. */
  managesTransaction: boolean;
  /** psql meta-commands (`\i`, `\set`, …): blanked before parsing and reported. */
  metaCommands: MetaCommand[];
  syntaxError?: SqlSyntaxError;
}
