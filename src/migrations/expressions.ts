/**
 * Expressions PostgreSQL rendered back (pg_get_expr of a policy's USING or
 * WITH CHECK), read with the same parser as the migrations: what they call
 * for every row, and whether they are always true. The parser is loaded by
 * the time anything is validated (the target was parsed first).
 */
import { parseSync } from '@libpg-query/parser';
import { type Node, type QualifiedName, child, isNode, list, qualify, str, strings, unwrap } from './ast.js';

/** Policies repeat across snapshots and lints: each text is parsed once (a cap keeps a long process small). */
const parsed = new Map<string, Node | undefined>();
const PARSED_MAX = 2_000;

/** The expression's tree, or undefined when it does not parse (it always should: PostgreSQL wrote it). */
export function parseExpression(text: string): Node | undefined {
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  const tree = parseTree(text);
  parsed.set(text, tree);
  return tree;
}

function parseTree(text: string): Node | undefined {
  try {
    const tree = parseSync(`SELECT ${text}`) as { stmts?: { stmt?: unknown }[] };
    const select = child(tree.stmts?.[0]?.stmt as Node | undefined, 'SelectStmt');
    const value = unwrap(list(select, 'targetList')[0])?.node.val;
    return isNode(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Functions called outside any sub-select, matching `wanted`. A call inside
 * `(SELECT …)` is the sub-select's business: an uncorrelated one runs once
 * per statement; a call outside runs for every row the expression is
 * evaluated on.
 */
export function callsPerRow(expression: Node, wanted: (name: QualifiedName) => boolean): QualifiedName[] {
  const found: QualifiedName[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    const typed = unwrap(value);
    if (typed?.type === 'SubLink') return;
    if (typed?.type === 'FuncCall') {
      const name = qualify(strings(typed.node.funcname));
      if (name && wanted(name)) found.push(name);
    }
    for (const inner of Object.values(typed?.node ?? value)) if (typeof inner === 'object') visit(inner);
  };
  visit(expression);
  return found;
}

/** `true`, `1 = 1`, `'a' = 'a'`, and OR / AND of such: true whatever the row. */
export function isAlwaysTrue(expression: Node | undefined): boolean {
  const typed = unwrap(expression);
  if (!typed) return false;
  const { type, node } = typed;
  if (type === 'A_Const') return child(node, 'boolval')?.boolval === true;
  if (type === 'BoolExpr') {
    const args = list(node, 'args').filter(isNode);
    const op = str(node, 'boolop');
    if (op === 'OR_EXPR') return args.some((arg) => isAlwaysTrue(arg));
    if (op === 'AND_EXPR') return args.every((arg) => isAlwaysTrue(arg));
    return false;
  }
  if (type === 'A_Expr' && str(node, 'kind') === 'AEXPR_OP' && strings(node.name).join() === '=') {
    const left = constant(node.lexpr);
    return left !== undefined && left === constant(node.rexpr);
  }
  return false;
}

/** A constant (`1`, `'a'::text`) as comparable text, positions left out; undefined for anything else. */
function constant(value: unknown): string | undefined {
  const typed = unwrap(value);
  const literal = typed?.type === 'TypeCast' ? unwrap(typed.node.arg) : typed;
  if (literal?.type !== 'A_Const') return undefined;
  return JSON.stringify(value, (key, inner: unknown) => (key === 'location' ? undefined : inner));
}
