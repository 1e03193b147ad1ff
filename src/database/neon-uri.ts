import type pg from 'pg';
import { InfrastructureError } from '../errors.js';

/** Connection settings from a Neon URI; errors never quote the URI, which holds the password. */
export function neonClientConfig(uri: string): pg.ClientConfig & { password: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InfrastructureError('Neon returned a connection URI that is not a URL');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new InfrastructureError(`Neon returned a connection URI of scheme ${url.protocol}, not postgresql:`);
  }
  const config: pg.ClientConfig & { password: string } = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    // libpq's `require` encrypts without checking the certificate; Neon's hosts
    // carry publicly trusted certificates, so we verify (as pg itself does for
    // `require`): the password must not reach a man in the middle.
    ssl: url.searchParams.get('sslmode') === 'disable' ? false : { rejectUnauthorized: true },
  };
  // Neon's endpoint routing option for clients without SNI; harmless otherwise.
  const routing = url.searchParams.get('options');
  if (routing) config.options = routing;
  return config;
}
