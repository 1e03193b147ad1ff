/**
 * The environment of every program the gate starts for the embedded server
 * (initdb, the server, cp, the watchdog). The migration under review is
 * untrusted and runs as a superuser, who may run programs on the server
 * (`COPY … FROM PROGRAM 'env'`): whatever the server inherits, the migration
 * can read — tokens, API keys, database URLs. So children get only a PATH to
 * find their tools, the C locale, and the time zone the cluster is made with.
 */
export function minimalEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH || '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
  };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}
