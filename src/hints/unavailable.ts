/**
 * An extension the server does not ship (pgvector, PostGIS, timescaledb …): no
 * migration can fix that, only a server that has it. The embedded server
 * carries PostgreSQL's own extensions, and stand-ins for pg_cron and pg_net.
 */
import { option, optionValue } from '../errors.js';
import type { GateReport } from '../types.js';

/** Public images known to carry the extension, for the server's major version. */
const IMAGES: { extension: RegExp; image: (major: number) => string | undefined }[] = [
  { extension: /^vector$/, image: (major) => `pgvector/pgvector:pg${major}` },
  {
    extension: /^(postgis(_\w+)?|address_standardizer(_\w+)?)$/,
    image: (major) => (major <= 17 ? `postgis/postgis:${major}-3.5` : undefined),
  },
];

/** `extension "vector" is not available on the embedded PostgreSQL 17.10`. */
export function unavailableMessage(extension: string, database: GateReport['database']): string {
  const server =
    database.kind === 'embedded' ? `the embedded ${database.version}` : `this server (${database.version})`;
  return `extension "${extension}" is not available on ${server}`;
}

/** Where to run instead: an image that has it (named when known), a database URL or a Neon branch. */
export function unavailableHint(extension: string, major: number): string {
  const image = IMAGES.find((known) => known.extension.test(extension))?.image(major);
  const container = image ? `\`${optionValue('image', image)}\`` : `${code(option('image'))} with an image that has it`;
  return `Run the gate on a server that has it: ${container}, ${code(option('database-url'))} or ${code(option('neon-project-id'))}.`;
}

/** `--image` as code; the action's `input "postgres-image"` already says what it is. */
function code(named: string): string {
  return named.startsWith('--') ? `\`${named}\`` : named;
}
