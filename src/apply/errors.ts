import type { DatabaseError } from 'pg';
import type { ObjectKind, ObjectReference, Statement } from '../migrations/model.js';
import type { SourcePosition } from '../types.js';
import type { RuleId } from '../rules/catalogue.js';
import { PositionMap } from '../migrations/positions.js';

/** A PostgreSQL error mapped onto the migration file. */
export interface StatementError {
  rule: RuleId;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** The object the error names, when it names one ("organization"). */
  object?: string;
  position: SourcePosition;
}

const RULES: Record<string, RuleId> = {
  '42P01': 'missing-relation',
  '3F000': 'missing-schema',
  '42883': 'missing-function',
  '42704': 'missing-object',
  '42601': 'syntax-error',
  '57014': 'statement-timeout',
  '55P03': 'lock-timeout',
  '40P01': 'deadlock',
  '42P07': 'duplicate-object',
  '42710': 'duplicate-object',
  '42723': 'duplicate-object',
  '42703': 'missing-column',
  '25001': 'transaction-state',
  '25P02': 'transaction-aborted',
  '55P04': 'enum-value-used-in-transaction',
};

/** The object kind each "does not exist" error is about. */
const KIND_OF_CODE: Record<string, ObjectKind[]> = {
  '42P01': ['table', 'view', 'sequence'],
  '3F000': ['schema'],
  '42883': ['function'],
  '42704': ['type', 'index', 'trigger', 'policy', 'role', 'extension'],
};

/**
 * Maps an error raised by `statement` to the token it is about. PostgreSQL's
 * `position` is exact when present (1-based, in characters of the statement);
 * it is absent for a missing foreign-key target, a function inside a policy
 * and several more, so the parser's reference positions fill the gap.
 */
export function mapStatementError(error: DatabaseError, statement: Statement, text: string): StatementError {
  const code = error.code ?? '';
  const object = namedObject(error.message);
  const base = {
    rule: RULES[code] ?? 'sql-error',
    code,
    message: error.message,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.hint ? { hint: error.hint } : {}),
    ...(object ? { object } : {}),
  };
  if (error.position) {
    const offset = statement.offset + Number(error.position) - 1;
    return { ...base, position: new PositionMap(text).position(offset) };
  }
  const reference = object ? findReference(statement.references, code, object) : undefined;
  if (reference) return { ...base, position: reference.position };
  // Objects the parser does not list as references (a DROP's target, say): the name's first occurrence.
  const offset = object ? nameOffset(statement.sql, object) : -1;
  if (offset >= 0) return { ...base, position: new PositionMap(text).position(statement.offset + offset) };
  return { ...base, position: statement.start };
}

/** `relation "organization" does not exist` → `organization`; `function auth.uid() …` → `auth.uid`. */
export function namedObject(message: string): string | undefined {
  const quoted =
    /^(?:relation|table|view|materialized view|sequence|schema|type|function|role|index|extension|trigger|policy|operator class|language|access method) "([^"]+)"/.exec(
      message,
    );
  if (quoted) return quoted[1];
  const fn = /^function ([\w.$"]+)\(/.exec(message);
  return fn?.[1]?.replaceAll('"', '');
}

function findReference(references: ObjectReference[], code: string, object: string): ObjectReference | undefined {
  const kinds = KIND_OF_CODE[code];
  const [first, second] = object.split('.');
  const matches = (ref: ObjectReference): boolean => {
    if (kinds && !kinds.includes(ref.object.kind)) return false;
    if (second === undefined) return ref.object.name === first;
    return ref.object.schema === first && ref.object.name === second;
  };
  return references.find(matches);
}

/** Where the (last part of the) name first appears as a word, quoted or not. */
function nameOffset(sql: string, name: string): number {
  const last = name.split('.').pop()!;
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w$])"?${escaped}"?(?![\\w$])`, 'i').exec(sql);
  return match ? match.index : -1;
}
