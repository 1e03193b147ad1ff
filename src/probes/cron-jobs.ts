/**
 * pg_cron's jobs as the migration left them. pg_cron takes any text as a
 * job's command and runs it later, in a worker nobody watches: a job whose
 * command names a function the migration never created, or a column it
 * renamed, fails at every run and says so only in cron.job_run_details.
 * Each job of this database is planned here, as pg_cron would run it (the
 * database's default search_path), statement by statement, in a savepoint
 * that is rolled back: EXPLAIN plans a query without running it.
 *
 * A job the migration scheduled that does not plan is an error; one from
 * before is judged only where the migration took a name away, as the
 * functions from before are. Works on pg_cron itself (a container, a
 * database URL) and on the gate's stand-in of the embedded server, which
 * also records unschedules of jobs no migration scheduled.
 */
import type pg from 'pg';
import { isDatabaseError } from '../apply/send.js';
import { parseSql } from '../migrations/parse.js';
import type { Statement } from '../migrations/model.js';
import type { SourcePosition } from '../types.js';
import { takenNameIn } from './affected.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding } from './place.js';
import { trialStatement } from './session.js';
import type { ProbeScope } from './scope.js';

interface Job {
  name: string | null;
  id: string;
  command: string;
}

/** What EXPLAIN can plan without running: a job's other statements (VACUUM, CALL, REFRESH …) are not planned. */
const PLANNABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export async function probeCronJobs(client: pg.Client, scope: ProbeScope, outcome: ProbeOutcome): Promise<void> {
  const { ctx } = scope;
  if (!ctx.after.extensions.some((e) => e.name === 'pg_cron')) return;
  const { rows: jobs } = await client.query<Job>(
    'SELECT jobname AS name, jobid::text AS id, command FROM cron.job WHERE active AND database = current_database() ORDER BY jobid',
  );
  const hadCron = ctx.before.extensions.some((e) => e.name === 'pg_cron');
  for (const job of jobs) {
    const label = job.name !== null ? `cron job '${job.name}'` : `cron job ${job.id}`;
    const scheduledHere = !hadCron || scheduledBy(ctx.target.statements, job) !== undefined;
    const error = await plannedError(client, job.command);
    if (!error) {
      if (scheduledHere) record(outcome, 'integration', 'cron-job', label, 'pass', 'its command plans');
      continue;
    }
    const named = scheduledHere ? undefined : takenNameIn(ctx, error.message);
    if (!scheduledHere && !named) continue;
    const detail = scheduledHere
      ? `scheduled by this migration, fails at every run: ${error.message}`
      : `scheduled before, fails at every run after this migration: ${error.message}`;
    const message = `${label}, ${detail}`;
    const position = named?.position ?? scheduledBy(ctx.target.statements, job);
    outcome.findings.push(probeFinding(ctx, 'integration', 'error', 'cron-job-broken', message, label, position));
    record(outcome, 'integration', 'cron-job', label, 'fail', detail);
  }
  await unknownJobs(client, scope, outcome);
}

/** The server's refusal of the first statement of the command that does not plan; undefined when all do. */
async function plannedError(
  client: pg.Client,
  command: string,
): Promise<pg.DatabaseError | { message: string } | undefined> {
  const parsed = await parseSql(command, 'cron job');
  if (parsed.syntaxError) return { message: `its command is not valid SQL: ${parsed.syntaxError.message}` };
  for (const statement of parsed.statements) {
    // What runs after a statement that changes the schema may depend on it: planned no further.
    if (!PLANNABLE.has(statement.kind)) return undefined;
    const result = await trialStatement(client, { text: `EXPLAIN (COSTS OFF) ${statement.sql}` }, [
      'SET LOCAL search_path TO DEFAULT',
    ]);
    if (isDatabaseError(result) && isNamingError(result)) return result;
  }
  return undefined;
}

/** Errors a run would meet as surely as the plan: what the command names, its syntax, its constants. */
function isNamingError(error: pg.DatabaseError): boolean {
  const code = error.code ?? '';
  return code.startsWith('42') || code.startsWith('3F') || code.startsWith('22');
}

/** The statement of the target that scheduled the job: it names the job, or holds its command. */
function scheduledBy(statements: Statement[], job: Job): SourcePosition | undefined {
  const command = job.command.trim();
  const quoted = job.name !== null ? `'${job.name.replace(/'/g, "''")}'` : undefined;
  return statements.find(
    (s) =>
      /\bcron\s*\.\s*(schedule|schedule_in_database|alter_job)\b/i.test(s.sql) &&
      ((quoted !== undefined && s.sql.includes(quoted)) || (command.length > 0 && s.sql.includes(command))),
  )?.start;
}

/** The stand-in's record of unschedules and alterations of jobs that were not there. */
async function unknownJobs(client: pg.Client, scope: ProbeScope, outcome: ProbeOutcome): Promise<void> {
  const { ctx } = scope;
  const stood = await client.query<{ here: boolean }>(
    "SELECT to_regclass('cron.migration_gate_unknown') IS NOT NULL AS here",
  );
  if (!stood.rows[0]?.here) return;
  const { rows } = await client.query<{ job: string; call: string }>(
    'SELECT job, call FROM cron.migration_gate_unknown',
  );
  for (const { job, call } of rows) {
    const quoted = `'${job.replace(/'/g, "''")}'`;
    // Recorded by this migration's statement, not an earlier migration's.
    const statement = ctx.target.statements.find((s) => s.sql.includes(call) && s.sql.includes(quoted));
    if (!statement) continue;
    const detail = `no migration scheduled that job, and pg_cron raises an error where it does not exist (one scheduled from the dashboard exists only on its server)`;
    const message = `${call}(${quoted}): ${detail}`;
    outcome.findings.push(
      probeFinding(ctx, 'integration', 'warning', 'cron-job-unknown', message, `cron job ${quoted}`, statement.start),
    );
    record(outcome, 'integration', 'cron-job', `cron job ${quoted}`, 'warn', `${call}: ${detail}`);
  }
}
