import type { Statement } from '../migrations/model.js';
import { InfrastructureError } from '../errors.js';
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

/** The server went away or cannot go on: not a verdict on the migration. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53100', '53200', '58030']);

/**
 * What a statement's error means. A database error is a finding about the
 * migration, unless the server itself is gone or out of disk; a lost
 * connection (a migration that terminates its own session) is an
 * infrastructure error; anything else is a bug and is rethrown.
 */
export function failureOf(
  error: unknown,
  overran: boolean,
  statement: Statement,
  text: string,
  where: { statements: number; rolledBack: boolean },
): FileFailure {
  const line = `${statement.start.line}:${statement.start.column}`;
  if (isDatabaseError(error) && !SERVER_GONE.has(error.code ?? '')) {
    const mapped = mapStatementError(error, statement, text);
    return { ...where, statement, error: overran ? overrun(mapped) : mapped };
  }
  if (isDatabaseError(error)) {
    throw new InfrastructureError(
      `the server stopped the run at line ${line}: ${error.message} (SQLSTATE ${error.code})`,
    );
  }
  if (
    error instanceof Error &&
    /Connection terminated|ECONNRESET|EPIPE|connection.*(closed|lost)/i.test(error.message)
  ) {
    throw new InfrastructureError(
      `the connection to the server was lost while the statement at line ${line} ran (${error.message}): did it terminate its own session?`,
    );
  }
  throw error;
}

/** The server's limit did not stop it (the migration switched it off): the gate did, from outside. */
function overrun(error: StatementError): StatementError {
  return {
    ...error,
    rule: 'gate-timeout',
    message: `cancelled by the gate from outside the session: it ran past the gate's statement limit (or the run's) although the server's own timeout should have stopped it — did the migration turn off statement_timeout or lock_timeout? (${error.message})`,
  };
}
