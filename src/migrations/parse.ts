/**
 * A SQL file as the real PostgreSQL parser (libpg-query, WASM) sees it:
 * statements with exact positions, what each creates, references and drops
 * (those of a DO block included), transaction control, psql meta-commands and
 * syntax errors. Bad SQL is a value (`syntaxError`), never an exception.
 */
import { loadModule, parseSync } from '@libpg-query/parser';
import type { ParsedSql, SqlSyntaxError, Statement, TransactionControl } from './model.js';
import { type Node, bool, child, childrenOf, str } from './ast.js';
import { lockTimeoutSetting, tableChanges } from './changes.js';
import { collectRenames } from './renames.js';
import { statementEffects } from './effects.js';
import { type LocatedStatement, locateStatements } from './locate.js';
import { blankMetaCommands } from './meta.js';
import { describeFunctionBody, doBlockEffects, doBlockStatements } from './plpgsql.js';
import { PositionMap } from './positions.js';
import { sideEffects } from './side-effects.js';

let loading: Promise<void> | undefined;

/** Loads the WASM parser once per process. */
export function loadParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

export async function parseSql(text: string, file: string): Promise<ParsedSql> {
  await loadParser();
  const { text: sql, metaCommands } = blankMetaCommands(text);
  const base = { file, text, metaCommands };
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return { ...base, statements: [], managesTransaction: false, syntaxError: nulByteError(text, nul) };
  }
  if (sql.trim() === '') {
    // libpg-query refuses blank input; an empty file simply has no statements.
    return { ...base, statements: [], managesTransaction: false };
  }

  const map = new PositionMap(sql);
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch (error) {
    return { ...base, statements: [], managesTransaction: false, syntaxError: toSyntaxError(error, map) };
  }

  const statements = locateStatements(tree, sql, map).map((s, index) => toStatement(s, index));
  const first = statements[0]?.transaction;
  const managesTransaction = first === 'begin' && statements.slice(1).some((s) => s.transaction === 'commit');
  return { ...base, statements, managesTransaction };
}

function toStatement(located: LocatedStatement, index: number): Statement {
  const { kind, node, source } = located;
  // A DO block's statements change tables and rename as they would at top level (an idempotent rename is one).
  const inner = kind === 'DoStmt' ? doBlockStatements(node, source) : undefined;
  const effects = inner ? doBlockEffects(inner) : statementEffects(located);
  if (kind === 'CreateFunctionStmt') describeFunctionBody(effects.creates, node, source);
  const transaction = transactionControl(kind, node);
  const outliving = sideEffects(located);
  const changes = inner ? inner.flatMap(tableChanges) : tableChanges(located);
  const renames = inner ? inner.flatMap((s) => collectRenames(s.kind, s.node)) : collectRenames(kind, node);
  const lockTimeout = lockTimeoutSetting(located);
  return {
    index,
    sql: source.text.slice(source.offset, source.endOffset),
    offset: source.offset,
    start: source.start,
    end: source.map.position(Math.max(source.offset, source.endOffset - 1)),
    kind,
    ...effects,
    ...(transaction ? { transaction } : {}),
    nonTransactional: isNonTransactional(kind, node),
    ...(outliving.length > 0 ? { sideEffects: outliving } : {}),
    ...(changes.length > 0 ? { changes } : {}),
    ...(renames.length > 0 ? { renames } : {}),
    ...(lockTimeout ? { lockTimeout } : {}),
  };
}

function transactionControl(kind: string, node: Node): TransactionControl | undefined {
  if (kind !== 'TransactionStmt') return undefined;
  switch (str(node, 'kind')) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_PREPARE': // ends the transaction block like COMMIT does
      return 'commit';
    case 'TRANS_STMT_ROLLBACK':
      return 'rollback';
    case 'TRANS_STMT_SAVEPOINT':
    case 'TRANS_STMT_ROLLBACK_TO': // undoes to a savepoint; the block stays open
      return 'savepoint';
    case 'TRANS_STMT_RELEASE':
      return 'release';
    default:
      return undefined;
  }
}

/** Statements PostgreSQL refuses inside a transaction block (PreventInTransactionBlock). */
function isNonTransactional(kind: string, node: Node): boolean {
  switch (kind) {
    case 'IndexStmt':
    case 'DropStmt':
      return bool(node, 'concurrent');
    case 'ReindexStmt':
      return childrenOf(node, 'params', 'DefElem').some((d) => str(d, 'defname') === 'concurrently');
    case 'VacuumStmt':
      // The same node is used for a plain ANALYZE, which is allowed in a transaction.
      return bool(node, 'is_vacuumcmd');
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterSystemStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
      return true;
    case 'TransactionStmt': {
      const k = str(node, 'kind');
      return k === 'TRANS_STMT_COMMIT_PREPARED' || k === 'TRANS_STMT_ROLLBACK_PREPARED';
    }
    case 'AlterTableStmt':
      // DETACH PARTITION … CONCURRENTLY
      return childrenOf(node, 'cmds', 'AlterTableCmd').some(
        (c) => str(c, 'subtype') === 'AT_DetachPartition' && bool(child(c, 'def'), 'concurrent'),
      );
    default:
      return false;
  }
}

/**
 * The parser, like PostgreSQL's wire protocol, reads text as a C string: it
 * would silently stop at a NUL byte and check only what comes before it.
 */
function nulByteError(text: string, offset: number): SqlSyntaxError {
  const { line, column } = new PositionMap(text).position(offset);
  // Text saved as UTF-16 is valid UTF-8 with a NUL beside every ASCII character.
  const utf16 = text[offset + 2] === '\0';
  return {
    message: utf16
      ? 'contains NUL bytes, one every other character: the file looks like UTF-16; save it as UTF-8'
      : 'contains a NUL byte, which PostgreSQL does not accept in SQL text: remove it',
    line,
    column,
  };
}

function toSyntaxError(error: unknown, map: PositionMap): SqlSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  // libpg-query turns PostgreSQL's 1-based cursor into a 0-based one; it counts
  // characters (code points), not bytes (checked with non-ASCII comments).
  const details = (error as { sqlDetails?: { cursorPosition?: unknown } } | null)?.sqlDetails;
  const cursor = typeof details?.cursorPosition === 'number' ? details.cursorPosition : 0;
  const { line, column } = map.position(map.codePointToChar(cursor));
  return { message, line, column };
}
