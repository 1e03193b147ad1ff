/**
 * What a statement drops (down migrations). Dropped objects are not
 * references: `DROP … IF EXISTS` is meant to work whether or not they exist.
 */
import type { ObjectKind, ObjectName } from './model.js';
import { type Node, childrenOf, list, qualify, roleName, str, strings, unwrap } from './ast.js';

const DROP_KINDS: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function',
  OBJECT_AGGREGATE: 'function',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_POLICY: 'policy',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
};

export function collectDrops(kind: string, node: Node): ObjectName[] {
  if (kind === 'DropRoleStmt') {
    return childrenOf(node, 'roles', 'RoleSpec').map((r) => ({ kind: 'role', name: roleName(r) }));
  }
  if (kind !== 'DropStmt') return [];
  const objectKind = DROP_KINDS[str(node, 'removeType') ?? ''];
  if (!objectKind) return [];
  const out: ObjectName[] = [];
  for (const item of list(node, 'objects')) {
    const u = unwrap(item);
    let parts: string[];
    if (u?.type === 'TypeName') parts = strings(u.node.names);
    else if (u?.type === 'ObjectWithArgs') parts = strings(u.node.objname);
    else if (u?.type === 'List') parts = strings(item);
    else parts = strings([item]);
    if (objectKind === 'trigger' || objectKind === 'policy') {
      // `DROP TRIGGER t ON s.tbl` arrives as [s, tbl, t].
      const name = parts[parts.length - 1];
      const table = qualify(parts.slice(0, -1));
      if (name !== undefined && table) out.push({ kind: objectKind, name, table });
      continue;
    }
    const q = qualify(parts);
    if (q) out.push({ kind: objectKind, ...q });
  }
  return out;
}
