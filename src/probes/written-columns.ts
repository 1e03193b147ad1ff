/**
 * The columns a PL/pgSQL body writes by name: the column lists of its INSERTs
 * and the SET lists of its UPDATEs. PostgreSQL plans a statement of a body
 * only when it first runs, so a column the migration renamed away fails
 * there for certain, on whatever branch the statement sits.
 */
import { parsePlPgSQLSync, parseSync } from '@libpg-query/parser';
import { type Node, child, childrenOf, isNode, list, rangeVarName, str, unwrap } from '../migrations/ast.js';
import type { QualifiedName } from '../migrations/ast.js';
import type pg from 'pg';
import { same } from '../migrations/names.js';
import { resolve, type ValidationContext } from '../validators/common.js';

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

/** A function's whole definition as the server has it (`pg_get_functiondef`), by schema, name and arguments. */
export async function functionDefinition(
  client: pg.Client,
  fn: { schema: string; name: string; identityArgs: string },
): Promise<string | undefined> {
  const { rows } = await client.query<{ definition: string }>(
    `SELECT pg_get_functiondef(p.oid) AS definition FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = $1 AND p.proname = $2 AND pg_get_function_identity_arguments(p.oid) = $3`,
    [fn.schema, fn.name, fn.identityArgs],
  );
  return rows[0]?.definition;
}

/** Whether the function's INSERTs or UPDATEs write `column` of `table` by name. */
export async function functionWrites(
  client: pg.Client,
  ctx: ValidationContext,
  fn: { schema: string; name: string; identityArgs: string },
  table: QualifiedName,
  column: string,
): Promise<boolean> {
  const definition = await functionDefinition(client, fn);
  const target = resolve(ctx, table);
  return (
    definition !== undefined &&
    writtenColumns(definition).some((w) => w.column === column && same(resolve(ctx, w.table), target))
  );
}
