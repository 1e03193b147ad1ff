/**
 * Objects a statement needs to exist before it runs, each with the position
 * of the token that names it. PostgreSQL's own errors often carry no position
 * for exactly these (a missing foreign-key target, a missing function inside a
 * policy expression), so the gate takes them from here.
 *
 * The AST is walked generically; only the fields whose meaning the walk cannot
 * guess (the object being created, the table a trigger is attached to, …) are
 * listed. Bodies in strings (functions, DO blocks) are not analysed here:
 * plpgsql.ts runs their statements through this same walk.
 */
import type { SourcePosition } from '../types.js';
import type { CreatedObject, ObjectKind, ObjectName, ObjectReference, ReferenceRole } from './model.js';
import {
  type Node,
  type QualifiedName,
  isNode,
  list,
  qualify,
  rangeVarName,
  sameName,
  str,
  strings,
  unwrap,
} from './ast.js';
import type { StatementSource } from './locate.js';

/** Per `NodeType.field`: the role of a relation named there, or `skip` for the created object. */
const FIELD_ROLES: Record<string, ReferenceRole | 'skip'> = {
  'CreateStmt.relation': 'skip',
  'IntoClause.rel': 'skip',
  'ViewStmt.view': 'skip',
  'CreateSeqStmt.sequence': 'skip',
  'CompositeTypeStmt.typevar': 'skip',
  'CreateTrigStmt.relation': 'trigger-table',
  'CreatePolicyStmt.table': 'policy',
  'IndexStmt.relation': 'index-table',
  'AlterTableStmt.relation': 'alter',
  'RenameStmt.relation': 'alter',
  'AlterSeqStmt.sequence': 'alter',
  'GrantStmt.objects': 'other',
  'Constraint.pktable': 'foreign-key',
};

/** Nodes that name objects without being references (or with nothing inside worth a look). */
const OPAQUE = new Set([
  'DropStmt',
  'DropRoleStmt',
  'DropOwnedStmt',
  'ColumnRef',
  'String',
  'A_Const',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'ParamRef',
  'TriggerTransition',
  'VariableSetStmt',
]);

/** Pseudo-types and type-like keywords that always exist and are not worth checking. */
const PSEUDO_TYPES = new Set([
  'trigger',
  'event_trigger',
  'void',
  'record',
  'internal',
  'cstring',
  'any',
  'anyelement',
  'anyarray',
  'anynonarray',
  'anyenum',
  'anyrange',
  'anymultirange',
  'anycompatible',
  'anycompatiblearray',
  'anycompatiblenonarray',
  'anycompatiblerange',
  'anycompatiblemultirange',
  'language_handler',
  'fdw_handler',
  'table_am_handler',
  'index_am_handler',
  'tsm_handler',
]);

const FUNCTION_OBJTYPES = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);
const RELATION_OBJTYPES = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_INDEX',
  'OBJECT_FOREIGN_TABLE',
]);
export const RELATION_KINDS = new Set<ObjectKind>(['table', 'view', 'sequence', 'index']);

/** The options of a DefineStmt or CreateRangeStmt whose value is a type (the others name functions, operators, …). */
const TYPE_OPTIONS = new Set(['stype', 'mstype', 'basetype', 'leftarg', 'rightarg', 'subtype', 'element', 'like']);

/** Schemas every database has: what is named in them is never a prerequisite. */
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

/** True when two names may denote the same object: relations share one namespace, and an unqualified name may resolve to a qualified one. */
export function sameObject(a: ObjectName, b: ObjectName): boolean {
  return (a.kind === b.kind || (RELATION_KINDS.has(a.kind) && RELATION_KINDS.has(b.kind))) && sameName(a, b);
}

export function collectReferences(
  kind: string,
  node: Node,
  src: StatementSource,
  creates: CreatedObject[],
): ObjectReference[] {
  const refs: ObjectReference[] = [];
  const ctes = cteNames(node);

  const add = (objectKind: ObjectKind, name: QualifiedName, role: ReferenceRole, position: SourcePosition): void => {
    if (name.schema !== undefined && SYSTEM_SCHEMAS.has(name.schema)) return;
    refs.push({ object: { kind: objectKind, ...name }, role, position });
  };

  /** `objtype` of the enclosing statement decides what an ObjectWithArgs or a name list means. */
  const walk = (
    value: unknown,
    parentType: string | undefined,
    field: string | undefined,
    objtype: string | undefined,
  ): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, parentType, field, objtype);
      return;
    }
    const u = unwrap(value);
    if (!u) return;
    const n = u.node;
    // IntoClause is the one bare node whose fields we need to tell apart.
    const type = u.type ?? (field === 'into' || field === 'intoClause' ? 'IntoClause' : undefined);
    if (type && OPAQUE.has(type)) return;
    const fieldRole = parentType && field ? FIELD_ROLES[`${parentType}.${field}`] : undefined;

    switch (type) {
      case 'RangeVar': {
        if (fieldRole === 'skip') return;
        const name = rangeVarName(n);
        if (!name || (name.schema === undefined && ctes.has(name.name))) return;
        add('table', name, fieldRole ?? 'from', src.atNode(n));
        return;
      }
      case 'FuncCall': {
        const name = qualify(strings(n.funcname));
        if (name) add('function', name, 'function-call', src.atNode(n));
        break; // arguments may reference more
      }
      case 'TypeName': {
        const names = strings(n.names);
        const name = qualify(names);
        if (!name || n.pct_type === true || (name.schema === undefined && PSEUDO_TYPES.has(name.name))) return;
        add('type', name, 'type', src.atNode(n));
        return;
      }
      case 'RoleSpec': {
        const role = str(n, 'rolename');
        if (str(n, 'roletype') === 'ROLESPEC_CSTRING' && role !== undefined) {
          add('role', { name: role }, 'other', src.atNode(n));
        }
        return;
      }
      case 'ObjectWithArgs':
        if (objtype && FUNCTION_OBJTYPES.has(objtype)) {
          const parts = strings(n.objname);
          const name = qualify(parts);
          if (name) add('function', name, parentType === 'AlterFunctionStmt' ? 'alter' : 'other', src.findName(parts));
        }
        walk(n.objargs, type, 'objargs', objtype); // objfuncargs repeats the same TypeNames
        return;
      case 'List':
        // Name lists (COMMENT ON TABLE a.b, COMMENT ON COLUMN a.b.c) carry no location.
        if (parentType === 'CommentStmt' && objtype && listReference(strings(value), objtype, add, src)) return;
        break;
      case 'AlterEnumStmt': {
        const parts = strings(n.typeName);
        const name = qualify(parts);
        if (name) add('type', name, 'alter', src.findName(parts, ['type']));
        return;
      }
      case 'CreateTrigStmt': {
        const parts = strings(n.funcname);
        const name = qualify(parts);
        if (name) add('function', name, 'trigger-function', src.findName(parts, ['execute']));
        break;
      }
      // CREATE AGGREGATE / OPERATOR / COLLATION / TEXT SEARCH … and a base or range type: the options name
      // functions, operators, providers and configurations in the form of type names; only those that are types count.
      case 'DefineStmt':
      case 'CreateRangeStmt':
        walk(n.args, type, 'args', objtype);
        for (const option of [...list(n, 'definition'), ...list(n, 'params')]) {
          const d = unwrap(option);
          if (d && TYPE_OPTIONS.has(str(d.node, 'defname') ?? '')) walk(d.node.arg, type, 'definition', objtype);
        }
        return;
      // An option's bare word comes as a type name too (`WITH (check_option = local)`): only a sequence's
      // `AS bigint` is one.
      case 'DefElem':
        if (unwrap(n.arg)?.type === 'TypeName' && str(n, 'defname') !== 'as') return;
        break;
      case 'CreateExtensionStmt':
        for (const opt of list(n, 'options')) {
          const d = unwrap(opt);
          const schema = d && str(d.node, 'defname') === 'schema' ? strings([d.node.arg])[0] : undefined;
          if (schema !== undefined) add('schema', { name: schema }, 'schema', src.findName([schema], ['schema']));
        }
        return;
      default:
        break;
    }

    const ownObjtype = str(n, 'objtype') ?? str(n, 'objectType') ?? str(n, 'renameType');
    for (const [key, v] of Object.entries(n)) {
      if (type === 'FuncCall' && key === 'funcname') continue;
      if (type === 'CreateTrigStmt' && key === 'funcname') continue;
      if (type === 'CreateFunctionStmt' && (key === 'funcname' || key === 'options')) continue;
      if (v !== null && typeof v === 'object') walk(v, type, key, ownObjtype ?? objtype);
    }
  };

  walk({ [kind]: node }, undefined, undefined, undefined);
  return finish(refs, creates);
}

function listReference(
  parts: string[],
  objtype: string,
  add: (k: ObjectKind, n: QualifiedName, r: ReferenceRole, p: SourcePosition) => void,
  src: StatementSource,
): boolean {
  const relParts = objtype === 'OBJECT_COLUMN' ? parts.slice(0, -1) : RELATION_OBJTYPES.has(objtype) ? parts : [];
  const name = qualify(relParts);
  if (!name) return false;
  add('table', name, 'other', src.findName(relParts, ['on']));
  return true;
}

/** Names of every CTE in the statement: a FROM naming one is not a table. */
function cteNames(root: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (!isNode(v)) return;
    const cte = v.CommonTableExpr;
    if (isNode(cte) && typeof cte.ctename === 'string') names.add(cte.ctename);
    for (const value of Object.values(v)) if (value !== null && typeof value === 'object') visit(value);
  };
  visit(root);
  return names;
}

/**
 * Drops what the statement creates itself, adds the schema of every qualified
 * name (schema-qualified created objects need their schema too), and removes
 * duplicates (the parser repeats some subtrees, e.g. function argument types).
 */
function finish(refs: ObjectReference[], creates: CreatedObject[]): ObjectReference[] {
  const createdHere = (o: ObjectName): boolean => creates.some((c) => sameObject(c, o));
  const out: ObjectReference[] = [];
  const seen = new Set<string>();
  const push = (r: ObjectReference): void => {
    if (createdHere(r.object)) return;
    const key = `${r.object.kind}|${r.object.schema ?? ''}|${r.object.name}|${r.role}|${r.position.line}:${r.position.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  const schemaOf = (name: string | undefined, position: SourcePosition): void => {
    if (name !== undefined && !SYSTEM_SCHEMAS.has(name)) {
      push({ object: { kind: 'schema', name }, role: 'schema', position });
    }
  };
  for (const c of creates) {
    // Indexes, triggers and policies live in their table's schema, which the table reference covers.
    if (c.table === undefined && c.kind !== 'schema' && c.kind !== 'extension' && c.kind !== 'role') {
      schemaOf(c.schema, c.position);
    }
  }
  for (const r of refs) {
    push(r);
    if (r.object.kind !== 'schema') schemaOf(r.object.schema, r.position);
  }
  out.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  return out;
}
