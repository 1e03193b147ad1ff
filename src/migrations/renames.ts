/**
 * What a statement renames or moves to another schema, of any kind of
 * object: an object the migration creates and then renames is there under
 * its new name afterwards (src/migrations/survivors.ts). Columns are the
 * table changes' (src/migrations/changes.ts).
 */
import type { ObjectKind, ObjectName, Statement } from './model.js';
import { type Node, child, childrenOf, qualify, rangeVarName, str, strings, unwrap } from './ast.js';

export interface Rename {
  object: ObjectName;
  /** A new name, a new schema, or both. */
  to: { schema?: string; name?: string };
}

const RELATION_KINDS: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
};

const NAMED_KINDS: Record<string, ObjectKind> = {
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function',
  OBJECT_AGGREGATE: 'function',
};

export function collectRenames(kind: string, node: Node): Rename[] {
  switch (kind) {
    case 'RenameStmt':
      return renamed(node);
    case 'AlterObjectSchemaStmt': {
      const schema = str(node, 'newschema');
      const object = target(node, str(node, 'objectType'));
      return object && schema !== undefined ? [{ object, to: { schema } }] : [];
    }
    case 'AlterTableStmt':
      return indexesTakenByConstraints(node);
    default:
      return [];
  }
}

function renamed(node: Node): Rename[] {
  const name = str(node, 'newname');
  const type = str(node, 'renameType');
  if (name === undefined) return [];
  const subname = str(node, 'subname');
  if (type === 'OBJECT_SCHEMA')
    return subname === undefined ? [] : [{ object: { kind: 'schema', name: subname }, to: { name } }];
  if (type === 'OBJECT_TRIGGER' || type === 'OBJECT_POLICY') {
    const table = rangeVarName(child(node, 'relation'));
    if (!table || subname === undefined) return [];
    return [{ object: { kind: type === 'OBJECT_TRIGGER' ? 'trigger' : 'policy', name: subname, table }, to: { name } }];
  }
  const object = target(node, type);
  return object ? [{ object, to: { name } }] : [];
}

/** The object a RenameStmt or AlterObjectSchemaStmt names: a relation, or a type or function by its name. */
function target(node: Node, type: string | undefined): ObjectName | undefined {
  const relationKind = RELATION_KINDS[type ?? ''];
  if (relationKind) {
    const relation = rangeVarName(child(node, 'relation'));
    return relation ? { kind: relationKind, ...relation } : undefined;
  }
  const namedKind = NAMED_KINDS[type ?? ''];
  if (!namedKind) return undefined;
  const object = unwrap(node.object);
  const parts =
    object?.type === 'ObjectWithArgs'
      ? strings(object.node.objname)
      : object?.type === 'TypeName'
        ? strings(object.node.names)
        : strings(node.object);
  const name = qualify(parts);
  return name ? { kind: namedKind, ...name } : undefined;
}

/** `ADD CONSTRAINT c UNIQUE USING INDEX i`: PostgreSQL renames the index to the constraint's name. */
function indexesTakenByConstraints(node: Node): Rename[] {
  const table = rangeVarName(child(node, 'relation'));
  if (!table) return [];
  return childrenOf(node, 'cmds', 'AlterTableCmd').flatMap((cmd): Rename[] => {
    if (str(cmd, 'subtype') !== 'AT_AddConstraint') return [];
    const constraint = unwrap(cmd.def);
    if (constraint?.type !== 'Constraint') return [];
    const index = str(constraint.node, 'indexname');
    const name = str(constraint.node, 'conname');
    if (index === undefined || name === undefined || index === name) return [];
    const schema = table.schema !== undefined ? { schema: table.schema } : {};
    return [{ object: { kind: 'index', ...schema, name: index, table }, to: { name } }];
  });
}

/** `ALTER TYPE status RENAME VALUE 'a' TO 'b'`: the enum type as written, and the label before and after. */
export function renamedEnumValue(
  statement: Pick<Statement, 'kind' | 'sql'>,
): { type: { schema?: string; name: string }; from: string; to: string } | undefined {
  if (statement.kind !== 'AlterEnumStmt') return undefined;
  const match = ENUM_VALUE_RENAME.exec(statement.sql);
  if (!match) return undefined;
  const parts = match[1]!
    .split(/\s*\.\s*/)
    .map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
  const type = parts.length > 1 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  return { type, from: match[2]!.replace(/''/g, "'"), to: match[3]!.replace(/''/g, "'") };
}

const IDENT = `(?:"(?:[^"]|"")+"|[\\w$]+)`;
const ENUM_VALUE_RENAME = new RegExp(
  `ALTER\\s+TYPE\\s+(${IDENT}(?:\\s*\\.\\s*${IDENT})?)\\s+RENAME\\s+VALUE\\s+'((?:[^']|'')*)'\\s+TO\\s+'((?:[^']|'')*)'`,
  'i',
);
