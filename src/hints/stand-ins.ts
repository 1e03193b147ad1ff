/**
 * What the extensions of the embedded server's stand-ins (sql/stand-ins/)
 * create, in the schemas of their own that pg_cron and pg_net always use,
 * whatever WITH SCHEMA says: the pre-flight counts them as created by the
 * CREATE EXTENSION before them.
 */
import type { ObjectName } from '../migrations/model.js';

const OBJECTS: Record<string, ObjectName[]> = {
  pg_cron: [
    { kind: 'schema', name: 'cron' },
    ...['job', 'job_run_details'].map((name) => ({ kind: 'table' as const, schema: 'cron', name })),
    ...['schedule', 'schedule_in_database', 'unschedule', 'alter_job'].map((name) => ({
      kind: 'function' as const,
      schema: 'cron',
      name,
    })),
  ],
  pg_net: [
    { kind: 'schema', name: 'net' },
    ...['http_request_queue', '_http_response'].map((name) => ({ kind: 'table' as const, schema: 'net', name })),
    ...['http_get', 'http_post', 'http_delete', 'http_collect_response'].map((name) => ({
      kind: 'function' as const,
      schema: 'net',
      name,
    })),
  ],
};

export function standInObjects(extensions: string[]): ObjectName[] {
  return extensions.flatMap((extension) => (Object.hasOwn(OBJECTS, extension) ? OBJECTS[extension]! : []));
}
