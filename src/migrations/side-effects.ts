/**
 * What a statement can do that a rolled-back transaction does not undo: open
 * another connection that commits (dblink), run programs or touch server
 * files (COPY … PROGRAM, COPY to a file, lo_export), signal other sessions,
 * reset statistics, create replication slots, move sequences. On a database
 * the gate must not change these are refused before anything runs.
 *
 * Found in the parse tree — top-level statements, every branch of DO blocks
 * and of PL/pgSQL functions the file creates (a trigger can call them) — not
 * by matching text.
 */
import type { SourcePosition } from '../types.js';
import { type Node, bool, isNode, qualify, str, strings, unwrap } from './ast.js';
import type { LocatedStatement, StatementSource } from './locate.js';
import { bodySql } from './plpgsql.js';

export interface SideEffect {
  /** `dblink_exec()`, `COPY … PROGRAM`, `EXECUTE of a string built at run time`. */
  what: string;
  /** Why a rollback does not undo it. */
  why: string;
  position: SourcePosition;
}

const OTHER_CONNECTION = 'runs SQL on another connection, which commits on its own';
const SERVER_FILES = 'reads or writes files on the database server';
const OTHER_SESSIONS = 'acts on other sessions of the server';
const NOT_TRANSACTIONAL = 'is not undone by a rollback';

/** Functions whose effect outlives the transaction, by name (any schema). */
const FUNCTIONS: Record<string, string> = {
  ...Object.fromEntries(
    ['dblink', 'dblink_exec', 'dblink_connect', 'dblink_connect_u', 'dblink_send_query', 'dblink_open'].map((f) => [
      f,
      OTHER_CONNECTION,
    ]),
  ),
  ...Object.fromEntries(
    [
      'lo_import',
      'lo_export',
      'pg_file_write',
      'pg_file_rename',
      'pg_file_unlink',
      'pg_read_file',
      'pg_read_binary_file',
    ].map((f) => [f, SERVER_FILES]),
  ),
  pg_terminate_backend: OTHER_SESSIONS,
  pg_cancel_backend: OTHER_SESSIONS,
  pg_reload_conf: OTHER_SESSIONS,
  ...Object.fromEntries(
    [
      'pg_stat_reset',
      'pg_stat_reset_shared',
      'pg_stat_reset_single_table_counters',
      'pg_stat_reset_single_function_counters',
      'pg_stat_reset_slru',
      'pg_stat_reset_replication_slot',
      'pg_stat_reset_subscription_stats',
      'pg_stat_statements_reset',
      'pg_create_physical_replication_slot',
      'pg_create_logical_replication_slot',
      'pg_drop_replication_slot',
      'pg_copy_physical_replication_slot',
      'pg_copy_logical_replication_slot',
      'pg_replication_origin_create',
      'pg_replication_origin_drop',
      'pg_logical_emit_message',
      'pg_switch_wal',
      'pg_rotate_logfile',
      'pg_promote',
      'setval',
    ].map((f) => [f, NOT_TRANSACTIONAL]),
  ),
};

/** Whether a statement with these words could hold a side effect: the parser then looks (light.ts skips the rest). */
export function mayOutlive(words: ReadonlySet<string>): boolean {
  for (const word of words) if (word in FUNCTIONS || BODY_OR_COPY.has(word)) return true;
  return false;
}

const BODY_OR_COPY = new Set(['copy', 'do', 'function', 'procedure', 'execute']);

export function sideEffects({ kind, node, source }: LocatedStatement): SideEffect[] {
  const found: SideEffect[] = [];
  walk({ [kind]: node }, source, found);
  return found;
}

function walk(value: unknown, source: StatementSource, found: SideEffect[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, source, found);
    return;
  }
  const typed = unwrap(value);
  if (!typed) return;
  const { type, node } = typed;
  if (type === 'FuncCall') {
    const name = qualify(strings(node.funcname))?.name.toLowerCase();
    const why = name === undefined ? undefined : FUNCTIONS[name];
    if (why) found.push({ what: `${name}()`, why, position: source.atNode(node) });
  }
  if (type === 'CopyStmt') copyEffect(node, source, found);
  if (type === 'DoStmt' || type === 'CreateFunctionStmt') bodyEffects(node, source, found, type === 'DoStmt');
  for (const inner of Object.values(node)) {
    if (isNode(inner) || Array.isArray(inner)) walk(inner, source, found);
  }
}

function copyEffect(node: Node, source: StatementSource, found: SideEffect[]): void {
  if (bool(node, 'is_program')) {
    found.push({ what: 'COPY … PROGRAM', why: 'runs a program on the database server', position: source.start });
  } else if (str(node, 'filename') !== undefined) {
    found.push({ what: 'COPY with a server file', why: SERVER_FILES, position: source.start });
  }
}

/**
 * What a PL/pgSQL body runs, on any path. A string built at run time cannot be
 * checked: in a DO block, which runs now, that is said; a function's runs only
 * when something calls it, which its own statement then shows.
 */
function bodyEffects(node: Node, source: StatementSource, found: SideEffect[], runsNow: boolean): void {
  const { statements, dynamic } = bodySql(node, source);
  for (const statement of statements) found.push(...sideEffects(statement));
  if (runsNow && dynamic > 0) {
    found.push({
      what: 'EXECUTE of a string built at run time',
      why: 'runs SQL the gate cannot read before it runs',
      position: source.start,
    });
  }
}
