/**
 * The two kinds of failure that are not a verdict (exit code 2), and how to
 * name an option in their messages: the CLI's user typed `--dir`, the action's
 * user wrote the input `dir`, and each must be told in their own words.
 */

/** A problem with the user's configuration or input. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A database, a server or a service the gate needs is not there or misbehaves. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
}

export type Face = 'cli' | 'action';

let face: Face = 'cli';

/** Set once by the entry point; errors raised below it then speak its language. */
export function setFace(value: Face): void {
  face = value;
}

/** CLI flags whose action input has another name; flags without an input keep their CLI name. */
const ACTION_INPUTS: Record<string, string> = {
  prerequisite: 'prerequisites',
  fixture: 'fixtures',
  image: 'postgres-image',
};

/** `--dir` for the CLI, `input "dir"` for the action. */
export function option(flag: string): string {
  return face === 'cli' ? `--${flag}` : `input "${inputName(flag)}"`;
}

/** `--image x` for the CLI, `postgres-image: x` for the action: what to write, where it is written. */
export function optionValue(flag: string, value: string): string {
  return face === 'cli' ? `--${flag} ${value}` : `${inputName(flag)}: ${value}`;
}

function inputName(flag: string): string {
  return ACTION_INPUTS[flag] ?? flag;
}

/** The fields of a PostgreSQL error (pg's DatabaseError) or a socket error that tell who failed. */
interface FailureFields {
  severity?: unknown;
  code?: unknown;
  routine?: unknown;
}

/** admin_shutdown, crash_shutdown, cannot_connect_now: the server ends the session with these. */
const SESSION_ENDED = new Set(['57P01', '57P02', '57P03']);
const SOCKET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What the pg driver says once the socket is gone. */
const DRIVER_LOST =
  /^(Connection terminated|Client (was closed|has encountered a connection error) and is not queryable)/;

/**
 * The server or the connection failed, not the SQL: the session was ended (by
 * pg_terminate_backend, an administrator, a shutdown or a crash), the
 * connection dropped, or the server's disk is full. A migration may RAISE any
 * SQLSTATE itself (`RAISE … USING ERRCODE = 'disk_full'`), so a code counts
 * only when the server, not PL/pgSQL's RAISE, produced it; severity is the
 * server's word that it is closing the session (it may be translated, the
 * codes are not). Undefined for every other error: a finding, or a bug.
 */
export function serverFailure(error: unknown): InfrastructureError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { severity, code, routine } = error as Error & FailureFields;
  const raised = routine === 'exec_stmt_raise';
  if (severity === 'FATAL' || severity === 'PANIC' || (SESSION_ENDED.has(String(code)) && !raised)) {
    return new InfrastructureError(
      `the server ended the session: ${error.message} (SQLSTATE ${String(code)}); a migration that ends its own ` +
        'session (pg_terminate_backend(pg_backend_pid())), an administrator or a shutdown does this, and the gate ' +
        'cannot reach a verdict without it',
    );
  }
  if (code === '53100' && !raised) {
    return new InfrastructureError(
      `the database server ran out of disk space: ${error.message} (SQLSTATE 53100); free space where its data lives and run again`,
    );
  }
  if (SOCKET_ERRORS.has(String(code)) || DRIVER_LOST.test(error.message)) {
    return new InfrastructureError(`lost the connection to PostgreSQL: ${error.message}`);
  }
  return undefined;
}
