import type { Statement } from '../migrations/model.js';
import { serverFailure } from '../errors.js';
import { mapStatementError, type StatementError } from './errors.js';
import { isDatabaseError } from './send.js';

/** Where a file stopped and why. */
export interface FileFailure {
  /** Statements that ran before the failing one. */
  statements: number;
  statement: Statement;
  error: StatementError;
  /** Nothing of the file remains: its transaction (the tool's or its own) rolled back. */
  rolledBack: boolean;
}

/**
 * What a statement's error means: a finding about the migration, unless the
 * server itself is gone, ended the session or ran out of disk (an
 * infrastructure error, exit 2); anything else is a bug and is rethrown.
 */
export function failureOf(
  error: unknown,
  overran: boolean,
  statement: Statement,
  text: string,
  where: { statements: number; rolledBack: boolean },
): FileFailure {
  const infrastructure = serverFailure(error);
  if (infrastructure) throw infrastructure;
  if (!isDatabaseError(error)) throw error;
  const mapped = mapStatementError(error, statement, text);
  return { ...where, statement, error: overran ? overrun(mapped) : mapped };
}

/** The server's limit did not stop it (the migration switched it off): the gate did, from outside. */
function overrun(error: StatementError): StatementError {
  return {
    ...error,
    rule: 'gate-timeout',
    message: `cancelled by the gate from outside the session: it ran past the gate's statement limit (or the run's) although the server's own timeout should have stopped it — did the migration turn off statement_timeout or lock_timeout? (${error.message})`,
  };
}
