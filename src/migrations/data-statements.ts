/**
 * The statements of a migration that remove or overwrite rows: DELETE,
 * UPDATE and TRUNCATE, at top level or inside a WITH. They never decide a
 * finding on their own — the rows counted before and after the migration do
 * — but they say which statement did it, and whether it meant to: a DELETE
 * with a WHERE chose its rows, an UPDATE that sets a column from the row's
 * other columns transforms data rather than overwriting it.
 */
import { parseSync } from '@libpg-query/parser';
import { child, isNode, list, rangeVarName, unwrap, type Node, type QualifiedName } from './ast.js';
import type { ParsedSql, Statement } from './model.js';

export interface DataStatement {
  statement: Statement;
  kind: 'delete' | 'update' | 'truncate';
  tables: QualifiedName[];
  /** A WHERE clause chose the rows (always false for TRUNCATE). */
  filtered: boolean;
  /** UPDATE: columns set to a value that reads no column (a constant, DEFAULT, now(), …): the old values are gone. */
  overwrites: string[];
}

const DATA_KINDS = /\b(delete|update|truncate)\b/i;

/** Loaded by parseSql before any ParsedSql exists, so the synchronous parser is ready here. */
export function dataStatements(parsed: ParsedSql): DataStatement[] {
  return parsed.statements.filter((s) => DATA_KINDS.test(s.sql)).flatMap((s) => classify(s));
}

function classify(statement: Statement): DataStatement[] {
  let tree: unknown;
  try {
    tree = parseSync(statement.sql);
  } catch {
    // The file parsed as a whole; a statement that does not parse alone (psql variables) says nothing here.
    return [];
  }
  const found: DataStatement[] = [];
  visit(tree, (type, node) => {
    if (type === 'DeleteStmt') {
      const table = rangeVarName(child(node, 'relation'));
      if (table)
        found.push({ statement, kind: 'delete', tables: [table], filtered: 'whereClause' in node, overwrites: [] });
    } else if (type === 'UpdateStmt') {
      const table = rangeVarName(child(node, 'relation'));
      if (table) {
        found.push({
          statement,
          kind: 'update',
          tables: [table],
          filtered: 'whereClause' in node,
          overwrites: overwritten(node),
        });
      }
    } else if (type === 'TruncateStmt') {
      const tables = list(node, 'relations').flatMap((r) => rangeVarName(unwrap(r)?.node) ?? []);
      found.push({ statement, kind: 'truncate', tables, filtered: false, overwrites: [] });
    }
  });
  return found;
}

/** SET targets whose value reads none of the row's columns. */
function overwritten(update: Node): string[] {
  const columns: string[] = [];
  for (const item of list(update, 'targetList')) {
    const target = unwrap(item)?.node;
    const name = target?.name;
    if (typeof name === 'string' && !mentionsColumn(target?.val)) columns.push(name);
  }
  return columns;
}

function mentionsColumn(value: unknown): boolean {
  let found = false;
  visit(value, (type) => {
    if (type === 'ColumnRef') found = true;
  });
  return found;
}

/** Every wrapped node of the tree, depth first. */
function visit(value: unknown, see: (type: string, node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, see);
    return;
  }
  if (!isNode(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (/^[A-Z]/.test(key) && isNode(inner)) see(key, inner);
    visit(inner, see);
  }
}
