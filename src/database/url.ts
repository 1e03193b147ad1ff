import pg from 'pg';
import { maskSecrets, registerSecret } from '../secrets.js';
import { InfrastructureError, option } from '../errors.js';
import type { Database } from './provider.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** 10 s, or `MIGRATION_GATE_CONNECT_TIMEOUT_MS` (e.g. for a slow VPN, or tests of a server that never answers). */
function connectTimeoutMs(): number {
  const configured = Number(process.env.MIGRATION_GATE_CONNECT_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : CONNECT_TIMEOUT_MS;
}

/**
 * An existing database given by URL. Unless `commit` says it is disposable,
 * the gate changes nothing on it: see `withRollback`. The connection is tried
 * here, so that a wrong URL fails with one clear line before any work starts.
 */
export async function connectUrl(url: string, commit: boolean): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InfrastructureError(
      `${option('database-url')} is not a URL (expected postgresql://user:password@host:port/database)`,
    );
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new InfrastructureError(
      `${option('database-url')} must start with postgresql:// (got ${parsed.protocol}//…)`,
    );
  }
  // `postgresql:///user:pw@host/db` (one or three slashes) parses as a path on localhost: never what was meant.
  const socket = parsed.searchParams.get('host');
  if (!/^postgres(ql)?:\/\//.test(url) || (parsed.hostname === '' && !socket)) {
    throw new InfrastructureError(
      `${option('database-url')} has no host: ${maskSecrets(url)} (expected postgresql://user:password@host:port/database; for a Unix socket add ?host=/path/to/socket)`,
    );
  }
  registerSecret(decodeURIComponent(parsed.password));
  const host = parsed.hostname || 'localhost';
  const where = `${host}:${parsed.port || 5432}/${decodeURIComponent(parsed.pathname.slice(1)) || '(default database)'}`;
  const database: Database = {
    kind: 'url',
    connection: { connectionString: url, connectionTimeoutMillis: connectTimeoutMs() },
    display: `${commit ? 'disposable ' : ''}database ${where}`,
    disposable: commit,
    stop: async () => undefined,
  };
  const client = new pg.Client(database.connection);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new InfrastructureError(`cannot connect to ${where}: ${connectionProblem(error, parsed)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return database;
}

/** One line a person can act on, never containing the password. */
export function connectionProblem(error: unknown, url: URL): string {
  const err = error as { code?: string; message?: string };
  const user = decodeURIComponent(url.username) || 'the default user';
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and accepting TCP connections on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${url.hostname} not found`;
    case 'ETIMEDOUT':
      return 'connection timed out';
    case '28P01':
      return `password authentication failed for user ${user}`;
    case '28000':
      return /no encryption|SSL off/i.test(err.message ?? '')
        ? 'the server requires TLS: add ?sslmode=require to the URL'
        : `access denied for user ${user}: ${maskSecrets(err.message ?? '')}`;
    case '3D000':
      return maskSecrets(err.message ?? 'database does not exist');
    default:
      if (/timeout/i.test(err.message ?? ''))
        return `no answer within ${connectTimeoutMs() / 1000} s (connection timed out)`;
      if (/does not support SSL/i.test(err.message ?? ''))
        return 'the server does not support TLS: remove sslmode=require from the URL';
      return maskSecrets(err.message ?? String(error));
  }
}
