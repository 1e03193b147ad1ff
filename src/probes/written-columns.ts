/**
 * The columns a PL/pgSQL body writes by name: the column lists of its INSERTs
 * and the SET lists of its UPDATEs. PostgreSQL plans a statement of a body
 * only when it first runs, so a column the migration renamed away fails
 * there for certain, on whatever branch the statement sits.
 */
import { parsePlPgSQLSync, parseSync } from '@libpg-query/parser';
import { type Node, child, childrenOf, isNode, list, rangeVarName, str, unwrap } from '../migrations/ast.js';
import type { QualifiedName } from '../migrations/ast.js';

export interface WrittenColumn {
  table: QualifiedName;
  column: string;
}

/** From a whole CREATE FUNCTION … LANGUAGE plpgsql (pg_get_functiondef); none where it does not parse. */
export function writtenColumns(definition: string): WrittenColumn[] {
  let compiled: unknown;
  try {
    compiled = parsePlPgSQLSync(definition);
  } catch {
    return [];
  }
  const queries: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    const typed = unwrap(value);
    if (!typed) return;
    if (typed.type === 'PLpgSQL_stmt_execsql') {
      const query = str(child(typed.node, 'sqlstmt'), 'query');
      if (query !== undefined) queries.push(query);
    }
    for (const inner of Object.values(typed.node)) if (typeof inner === 'object' && inner !== null) visit(inner);
  };
  if (isNode(compiled)) visit(list(compiled, 'plpgsql_funcs'));
  return queries.flatMap((query) => {
    let tree: unknown;
    try {
      tree = parseSync(query);
    } catch {
      return [];
    }
    return (isNode(tree) ? list(tree, 'stmts') : []).flatMap((raw) => {
      const statement = isNode(raw) ? unwrap(raw.stmt) : undefined;
      return statement ? written(statement.type, statement.node) : [];
    });
  });
}

function written(type: string | undefined, node: Node): WrittenColumn[] {
  const table = rangeVarName(child(node, 'relation'));
  if (!table) return [];
  const targets = type === 'InsertStmt' ? 'cols' : type === 'UpdateStmt' ? 'targetList' : undefined;
  if (!targets) return [];
  return childrenOf(node, targets, 'ResTarget').flatMap((target) => {
    const column = str(target, 'name');
    return column === undefined ? [] : [{ table, column }];
  });
}
