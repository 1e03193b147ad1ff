/**
 * Lines inside a function's body, as the migration file numbers them:
 * PL/pgSQL counts its lines from the opening quote of the body, and a
 * server error's context names the function and that line
 * ("PL/pgSQL function touch() line 3 at assignment").
 */
import type { ParsedSql } from '../migrations/model.js';
import type { Qualified } from '../migrations/names.js';
import type { SourcePosition } from '../types.js';
import { resolve, type ValidationContext } from '../validators/common.js';

/** The file line and text of the body of the function the target creates, where it starts. */
export function functionBody(
  ctx: ValidationContext,
  fn: Qualified,
): { line: number; offset: number; text: string } | undefined {
  const statement = ctx.target.statements.find((s) =>
    s.creates.some((o) => o.kind === 'function' && same(resolve(ctx, o), fn)),
  );
  if (!statement) return undefined;
  const opening = /\bAS\s+(\$[A-Za-z_0-9]*\$|')/i.exec(statement.sql);
  if (!opening) return undefined;
  const quote = opening[1]!;
  const start = opening.index + opening[0].length;
  const end = statement.sql.indexOf(quote, start);
  const offset = statement.offset + start;
  return { line: lineAt(ctx.target, offset), offset, text: statement.sql.slice(start, end < 0 ? undefined : end) };
}

/** The function and its body line named by an error's context, the innermost PL/pgSQL frame first. */
export function errorFrame(where: string | undefined): { name: string; line: number; at: string } | undefined {
  const match = /PL\/pgSQL function ([^\s(]+)\([^)]*\) line (\d+) at ([A-Za-z ]+)/.exec(where ?? '');
  if (!match) return undefined;
  return { name: match[1]!, line: Number(match[2]), at: match[3]!.trim() };
}

/** The file position of a line of the body of `fn`, when the target creates it. */
export function bodyPosition(ctx: ValidationContext, fn: Qualified, bodyLine: number): SourcePosition | undefined {
  const body = functionBody(ctx, fn);
  return body ? { line: body.line + bodyLine - 1, column: 1 } : undefined;
}

export function lineAt(target: ParsedSql, offset: number): number {
  let line = 1;
  for (let i = target.text.indexOf('\n'); i >= 0 && i < offset; i = target.text.indexOf('\n', i + 1)) line++;
  return line;
}

export function columnAt(target: ParsedSql, offset: number): number {
  return offset - target.text.lastIndexOf('\n', offset - 1);
}

const same = (a: Qualified, b: Qualified): boolean => a.schema === b.schema && a.name === b.name;
