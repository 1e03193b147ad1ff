/**
 * Narrowing helpers over libpg-query's JSON AST. The tree is untyped JSON
 * (protobuf → JSON): most nodes are wrapped as `{ "RangeVar": {…} }`, but
 * fields with a fixed type (e.g. `CreateStmt.relation`) hold the bare node,
 * and zero/false/empty values are omitted entirely.
 */

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Typed {
  type: string | undefined;
  node: Node;
}

/** `{ "X": {…} }` → X and its body; a bare node → its type guessed from its shape. */
export function unwrap(value: unknown): Typed | undefined {
  if (!isNode(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0] as string;
    const inner = value[key];
    if (/^[A-Z]/.test(key) && isNode(inner)) return { type: key, node: inner };
  }
  return { type: shapeOf(value), node: value };
}

function shapeOf(node: Node): string | undefined {
  if (typeof node.relname === 'string' && 'relpersistence' in node) return 'RangeVar';
  if (Array.isArray(node.names) && 'typemod' in node) return 'TypeName';
  if (typeof node.roletype === 'string') return 'RoleSpec';
  return undefined;
}

export function str(node: Node | undefined, key: string): string | undefined {
  const v = node?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(node: Node | undefined, key: string): number | undefined {
  const v = node?.[key];
  return typeof v === 'number' ? v : undefined;
}

export function bool(node: Node | undefined, key: string): boolean {
  return node?.[key] === true;
}

export function list(node: Node | undefined, key: string): unknown[] {
  const v = node?.[key];
  return Array.isArray(v) ? v : [];
}

/** The body of a field that holds a node, wrapped or bare. */
export function child(node: Node | undefined, key: string): Node | undefined {
  return unwrap(node?.[key])?.node;
}

/** Bodies of the list elements that are of the given node type. */
export function childrenOf(node: Node | undefined, key: string, type: string): Node[] {
  const out: Node[] = [];
  for (const item of list(node, key)) {
    const u = unwrap(item);
    if (u?.type === type) out.push(u.node);
  }
  return out;
}

/** `[{String:{sval}}…]` (or a `List` of them) → the strings. */
export function strings(value: unknown): string[] {
  const u = unwrap(value);
  const items = Array.isArray(value) ? value : u?.type === 'List' ? list(u.node, 'items') : [];
  const out: string[] = [];
  for (const item of items) {
    const s = unwrap(item);
    if (s?.type === 'String') {
      const sval = str(s.node, 'sval');
      if (sval !== undefined) out.push(sval);
    }
  }
  return out;
}

export interface QualifiedName {
  schema?: string;
  name: string;
}

/** `name`, `schema.name` or `catalog.schema.name` → schema and name. */
export function qualify(parts: string[]): QualifiedName | undefined {
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  return schema === undefined ? { name } : { schema, name };
}

export function rangeVarName(rv: Node | undefined): QualifiedName | undefined {
  const name = str(rv, 'relname');
  if (name === undefined) return undefined;
  const schema = str(rv, 'schemaname');
  return schema === undefined ? { name } : { schema, name };
}

/** Location of a node; protobuf omits 0, and -1 means "unknown". */
export function location(node: Node | undefined): number | undefined {
  const loc = node?.location;
  if (loc === undefined) return 0;
  return typeof loc === 'number' && loc >= 0 ? loc : undefined;
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  // An unqualified name may resolve to the qualified one through search_path.
  return a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

/** A role as written: `PUBLIC`, `CURRENT_USER`, … spelled out, or the role's name. */
export function roleName(spec: Node): string {
  switch (str(spec, 'roletype')) {
    case 'ROLESPEC_PUBLIC':
      return 'public';
    case 'ROLESPEC_CURRENT_USER':
      return 'current_user';
    case 'ROLESPEC_SESSION_USER':
      return 'session_user';
    case 'ROLESPEC_CURRENT_ROLE':
      return 'current_role';
    default:
      return str(spec, 'rolename') ?? '';
  }
}
