/**
 * PL/pgSQL bodies: the SQL a DO block runs, and the SQL a function runs when it
 * is called, analysed like statements written at top level (effects.ts), with
 * positions in the migration file.
 *
 * PL/pgSQL's parser gives each statement's SQL text and the line of the body
 * on which the statement starts, not an offset: the text is found again in the
 * body from that line on, which gives its exact place in the file.
 */
import { parsePlPgSQLSync, parseSync } from '@libpg-query/parser';
import type { CreatedObject } from './model.js';
import { type Node, child, childrenOf, isNode, list, location, num, str, strings, unwrap } from './ast.js';
import { type StatementEffects, statementEffects } from './effects.js';
import { concatenatedLiterals, literalValue } from './literals.js';
import { type LocatedStatement, type StatementSource, locateStatements } from './locate.js';
import { type DrawnText, DrawnPositionMap } from './positions.js';
import { sameObject } from './references.js';

/** Fields holding statements that run on some executions only: IF and CASE branches, exception handlers. */
const BRANCHES = new Set(['then_body', 'elsif_list', 'else_body', 'case_when_list', 'else_stmts', 'exceptions']);

/** PL/pgSQL statements that run SQL written out in the body, and the field that holds it. */
const SQL_FIELDS: Record<string, string> = {
  PLpgSQL_stmt_execsql: 'sqlstmt',
  PLpgSQL_stmt_perform: 'expr',
  PLpgSQL_stmt_fors: 'query',
  PLpgSQL_stmt_return_query: 'query',
};

export interface EmbeddedStatement extends LocatedStatement {
  /** Runs on some executions only: what it references may legitimately be missing. */
  conditional: boolean;
}

/**
 * A DO block's statements as if written at top level, except that references
 * made on some paths only are not prerequisites (`IF NOT EXISTS (SELECT … FROM
 * pg_type …)`); what any path creates, drops or adds counts, as on a fresh
 * database the branch normally runs.
 */
export function doBlockEffects(statements: EmbeddedStatement[]): StatementEffects {
  return combined(statements, { conditionalReferences: false });
}

/** The SQL statements of a DO block's body, in file order; none in a language other than PL/pgSQL. */
export function doBlockStatements(node: Node, source: StatementSource): EmbeddedStatement[] {
  const options = childrenOf(node, 'args', 'DefElem');
  const language = options.find((d) => str(d, 'defname') === 'language');
  // PostgreSQL looks the language up by its exact name.
  if (language !== undefined && strings([language.arg])[0] !== 'plpgsql') return [];
  return embeddedStatements(options, source);
}

/** Records on the function a CREATE FUNCTION … LANGUAGE plpgsql creates what its body would do when called. */
export function describeFunctionBody(creates: CreatedObject[], node: Node, source: StatementSource): void {
  const details = creates[0]?.details;
  if (details?.kind !== 'function' || details.language !== 'plpgsql') return;
  const options = childrenOf(node, 'options', 'DefElem');
  const body = combined(embeddedStatements(options, source), { conditionalReferences: true });
  details.body = { creates: body.creates, references: body.references, drops: body.drops };
}

function noEffects(): StatementEffects {
  return { creates: [], references: [], drops: [] };
}

/**
 * The effects of statements run one after the other, as one statement: a
 * reference to what an earlier one created is satisfied; what is dropped and
 * then created again is created, what is created and then dropped is dropped.
 */
function combined(
  statements: EmbeddedStatement[],
  { conditionalReferences }: { conditionalReferences: boolean },
): StatementEffects {
  const effects = noEffects();
  for (const statement of statements) {
    const found = statementEffects(statement);
    if (conditionalReferences || !statement.conditional) {
      effects.references.push(...found.references.filter((r) => !effects.creates.some((c) => sameObject(c, r.object))));
    }
    effects.creates = effects.creates.filter((c) => !found.drops.some((d) => sameObject(c, d)));
    effects.drops = effects.drops.filter((d) => !found.creates.some((c) => sameObject(c, d)));
    effects.creates.push(...found.creates);
    effects.drops.push(...found.drops);
    if (found.addsForeignKeys) (effects.addsForeignKeys ??= []).push(...found.addsForeignKeys);
  }
  return effects;
}

/**
 * What a body runs that the gate can see, and where it runs SQL it cannot
 * (EXECUTE of a string built at run time): for the DO block or the function
 * a CREATE FUNCTION … LANGUAGE plpgsql statement holds.
 */
export function bodySql(node: Node, source: StatementSource): { statements: LocatedStatement[]; dynamic: number } {
  const options = [...childrenOf(node, 'args', 'DefElem'), ...childrenOf(node, 'options', 'DefElem')];
  const language = options.find((d) => str(d, 'defname') === 'language');
  const plpgsql = language === undefined ? 'args' in node : strings([language.arg])[0] === 'plpgsql';
  if (!plpgsql) return { statements: [], dynamic: 0 };
  const dynamic = { count: 0 };
  return { statements: embeddedStatements(options, source, dynamic), dynamic: dynamic.count };
}

/** The SQL statements of the body given by `options` (the `AS` option) in file order; none when it does not compile. */
function embeddedStatements(
  options: Node[],
  source: StatementSource,
  dynamic: { count: number } = { count: 0 },
): EmbeddedStatement[] {
  const body = bodyOf(options, source);
  if (body === undefined) return [];
  let compiled: unknown;
  try {
    compiled = parsePlPgSQLSync(source.text.slice(source.offset, source.endOffset));
  } catch {
    return []; // The server reports a body that does not compile, when it runs the statement.
  }
  const root = isNode(compiled) ? unwrap(list(compiled, 'plpgsql_funcs')[0])?.node : undefined;

  const found: { sql: DrawnText; conditional: boolean }[] = [];
  const visit = (value: unknown, conditional: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, conditional);
      return;
    }
    const typed = unwrap(value);
    if (!typed) return;
    const sql = typed.type === undefined ? undefined : embeddedSql(typed.type, typed.node, body);
    if (sql) found.push({ sql, conditional });
    else if (typed.type === 'PLpgSQL_stmt_dynexecute' || typed.type === 'PLpgSQL_stmt_dynfors') dynamic.count += 1;
    for (const [key, inner] of Object.entries(typed.node)) {
      if (typeof inner === 'object' && inner !== null) visit(inner, conditional || BRANCHES.has(key));
    }
  };
  visit(child(root, 'action'), false);

  found.sort((a, b) => (a.sql.offsets[0] ?? 0) - (b.sql.offsets[0] ?? 0));
  return found.flatMap(({ sql, conditional }) => {
    let tree: unknown;
    try {
      tree = parseSync(sql.text);
    } catch {
      return [];
    }
    const map = new DrawnPositionMap(sql, source.map);
    return locateStatements(tree, sql.text, map).map((located) => ({ ...located, conditional }));
  });
}

/** The body as written in the file: the string after `AS`. */
function bodyOf(options: Node[], source: StatementSource): DrawnText | undefined {
  const as = location(options.find((d) => str(d, 'defname') === 'as'));
  if (as === undefined) return undefined;
  const literal = source.tokens.slice(source.tokenIndexAt(as)).find((t) => t.type === 'string');
  return literal && literalValue(source.text, literal);
}

/** The SQL a PL/pgSQL statement runs, drawn from the body; undefined when only running it would tell. */
function embeddedSql(type: string, node: Node, body: DrawnText): DrawnText | undefined {
  const from = lineStart(body.text, num(node, 'lineno') ?? 1);
  if (type === 'PLpgSQL_stmt_dynexecute') {
    const expression = str(child(node, 'query'), 'query');
    const at = expression === undefined ? -1 : findWritten(body.text, expression, from);
    return expression === undefined || at < 0 ? undefined : concatenatedLiterals(body, at, at + expression.length);
  }
  const field = SQL_FIELDS[type];
  const query = field === undefined ? undefined : str(child(node, field), 'query');
  if (query === undefined) return undefined;
  // PERFORM runs as a SELECT: PL/pgSQL overwrites "PERFORM" with " SELECT" in place and drops the space.
  const written = type === 'PLpgSQL_stmt_perform' ? ' '.repeat('SELECT'.length) + query.slice('SELECT'.length) : query;
  const at = findWritten(body.text, written, from);
  return at < 0 ? undefined : { text: query, offsets: body.offsets.slice(at, at + query.length) };
}

/**
 * Where `query` is written in `text`, at or after `from`. A blank in it stands
 * for any character: PL/pgSQL blanks out the INTO clause of the text it keeps.
 */
function findWritten(text: string, query: string, from: number): number {
  candidates: for (let at = from; at + query.length <= text.length; at++) {
    for (let i = 0; i < query.length; i++) {
      const c = query.charCodeAt(i);
      if (c !== 32 && c !== text.charCodeAt(at + i)) continue candidates;
    }
    return at;
  }
  return -1;
}

/** Offset of the 1-based line `line` of `text`. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) break;
    offset = newline + 1;
  }
  return offset;
}
