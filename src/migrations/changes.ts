/**
 * What a statement says it does to a table, as the parser reads it: the
 * names and the places the safety rules put their findings on. Whether a
 * change hurts (a rewrite, a scan, a lock on a table that holds data) is not
 * decided here: the trace of what the server did decides that.
 */
import type { QualifiedName } from './ast.js';
import { type Node, bool, child, childrenOf, list, num, rangeVarName, str, strings, unwrap } from './ast.js';
import type { LocatedStatement } from './locate.js';
import type { SourcePosition } from '../types.js';

export type ConstraintKind = 'foreign-key' | 'check' | 'unique' | 'primary-key' | 'exclusion';

interface OnTable {
  table: QualifiedName;
  position: SourcePosition;
}

export type TableChange = OnTable &
  (
    | {
        kind: 'add-column';
        column: string;
        /** A DEFAULT, a serial type or an identity: every existing row gets a value. */
        filled: boolean;
        /**
         * NOT NULL (or PRIMARY KEY) and nothing that fills it: no DEFAULT, serial,
         * identity or generated expression. No existing row can take the column.
         */
        required: boolean;
      }
    | {
        kind: 'alter-column-type';
        column: string;
        /** `USING expr`: the new values are computed as written, not converted by the type's own cast. */
        using: boolean;
      }
    | { kind: 'set-not-null'; column: string }
    | {
        kind: 'add-constraint';
        constraint: ConstraintKind;
        name?: string;
        /** False for NOT VALID: existing rows are not checked. */
        validated: boolean;
        /** `… UNIQUE USING INDEX`: the index exists already. */
        usingIndex: boolean;
      }
    | { kind: 'drop-column'; column: string }
    | { kind: 'rename-column'; column: string; to: string }
    | { kind: 'rename-table'; to: string }
    /** `ALTER TABLE/VIEW/SEQUENCE … SET SCHEMA`: the relation is found under the new schema afterwards. */
    | { kind: 'set-schema'; schema: string }
    | { kind: 'create-index'; concurrent: boolean }
  );

/** `SET [LOCAL] lock_timeout`: `off` when it sets 0 or the default (no limit unless the server has one). */
export interface LockTimeoutSetting {
  local: boolean;
  off: boolean;
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_EXCLUSION: 'exclusion',
};

const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function tableChanges({ kind, node, source }: LocatedStatement): TableChange[] {
  switch (kind) {
    case 'AlterTableStmt': {
      const table = rangeVarName(child(node, 'relation'));
      if (!table || str(node, 'objtype') !== 'OBJECT_TABLE') return [];
      return childrenOf(node, 'cmds', 'AlterTableCmd').flatMap((cmd) => alterCommand(cmd, table, source));
    }
    case 'IndexStmt': {
      const table = rangeVarName(child(node, 'relation'));
      const position = source.atNode(child(node, 'relation'));
      return table ? [{ kind: 'create-index', table, concurrent: bool(node, 'concurrent'), position }] : [];
    }
    case 'RenameStmt': {
      const relation = child(node, 'relation');
      const table = rangeVarName(relation);
      const to = str(node, 'newname');
      if (!table || to === undefined) return [];
      const type = str(node, 'renameType');
      const subname = str(node, 'subname');
      if (type === 'OBJECT_COLUMN' && subname !== undefined) {
        const position = source.findName([subname], ['column']);
        return [{ kind: 'rename-column', table, column: subname, to, position }];
      }
      if (type === 'OBJECT_TABLE') return [{ kind: 'rename-table', table, to, position: source.atNode(relation) }];
      return [];
    }
    case 'AlterObjectSchemaStmt': {
      const relation = child(node, 'relation');
      const table = rangeVarName(relation);
      const schema = str(node, 'newschema');
      if (!table || schema === undefined || !MOVABLE.has(str(node, 'objectType') ?? '')) return [];
      return [{ kind: 'set-schema', table, schema, position: source.atNode(relation) }];
    }
    default:
      return [];
  }
}

const MOVABLE = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

function alterCommand(cmd: Node, table: QualifiedName, source: LocatedStatement['source']): TableChange[] {
  const column = str(cmd, 'name');
  const def = unwrap(cmd.def);
  // The command has no location: its column where the words around it say which command it is.
  const at = (...spellings: string[][]): SourcePosition =>
    spellings.reduce<SourcePosition | undefined>(
      (found, words) => found ?? source.findSequence(words, words.indexOf(column ?? '')),
      undefined,
    ) ?? source.start;
  switch (str(cmd, 'subtype')) {
    case 'AT_AddColumn': {
      if (def?.type !== 'ColumnDef') return [];
      const name = str(def.node, 'colname') ?? '';
      const filled = fills(def.node);
      const constraints = constraintsOf(def.node);
      const required =
        !filled && !constraints.includes('CONSTR_GENERATED') && constraints.some((c) => REQUIRING.has(c));
      return [{ kind: 'add-column', table, column: name, filled, required, position: source.atNode(def.node) }];
    }
    case 'AT_AlterColumnType':
      if (!column) return [];
      return [
        {
          kind: 'alter-column-type',
          table,
          column,
          using: def?.type === 'ColumnDef' && def.node.raw_default !== undefined,
          position: at([column, 'type'], [column, 'set', 'data']),
        },
      ];
    case 'AT_SetNotNull':
      return column ? [{ kind: 'set-not-null', table, column, position: at([column, 'set', 'not', 'null']) }] : [];
    case 'AT_DropColumn':
      if (!column) return [];
      return [{ kind: 'drop-column', table, column, position: at(['drop', 'column', column], ['drop', column]) }];
    case 'AT_AddConstraint': {
      if (def?.type !== 'Constraint') return [];
      const constraint = CONSTRAINT_KINDS[str(def.node, 'contype') ?? ''];
      if (!constraint) return [];
      const name = str(def.node, 'conname');
      return [
        {
          kind: 'add-constraint',
          table,
          constraint,
          ...(name !== undefined ? { name } : {}),
          validated: !bool(def.node, 'skip_validation'),
          usingIndex: str(def.node, 'indexname') !== undefined,
          position: source.atNode(def.node),
        },
      ];
    }
    default:
      return [];
  }
}

/** Whether a new column gets a value in every existing row. */
function fills(column: Node): boolean {
  const type = strings(child(column, 'typeName')?.names).pop();
  if (type !== undefined && SERIAL.has(type)) return true;
  return constraintsOf(column).some((c) => c === 'CONSTR_DEFAULT' || c === 'CONSTR_IDENTITY');
}

const REQUIRING = new Set(['CONSTR_NOTNULL', 'CONSTR_PRIMARY']);

function constraintsOf(column: Node): string[] {
  return childrenOf(column, 'constraints', 'Constraint').map((c) => str(c, 'contype') ?? '');
}

/** `SET [LOCAL] lock_timeout = …`, `RESET lock_timeout`. */
export function lockTimeoutSetting({ kind, node }: LocatedStatement): LockTimeoutSetting | undefined {
  if (kind !== 'VariableSetStmt' || str(node, 'name') !== 'lock_timeout') return undefined;
  const local = bool(node, 'is_local');
  if (str(node, 'kind') !== 'VAR_SET_VALUE') return { local, off: true };
  const value = unwrap(list(node, 'args')[0]);
  const constant = value?.type === 'A_Const' ? value.node : undefined;
  const text = str(child(constant, 'sval'), 'sval');
  // protobuf leaves a zero out: `SET lock_timeout = 0` carries an empty `ival`.
  const number = constant && 'ival' in constant ? (num(child(constant, 'ival'), 'ival') ?? 0) : undefined;
  const off = text !== undefined ? /^\s*0+\s*(ms|s|min|h|d)?\s*$/i.test(text) : number === 0;
  return { local, off };
}
