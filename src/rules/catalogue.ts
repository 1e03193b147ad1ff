/**
 * Every finding the gate can emit has an entry here: the task it belongs to,
 * its default severity, what it means and, where there is one, how to do the
 * same thing safely. SARIF's rule metadata and the README's rule table are
 * generated from it; `rules:` in migration-gate.yml and inline
 * `-- migration-gate:ignore RULE_ID reason` comments tune it.
 */
import type { Severity, TaskId } from '../types.js';

export interface RuleEntry {
  task: TaskId;
  severity: Severity;
  /** One line: what the finding says is wrong. */
  description: string;
  /** How to do the same thing without the problem. */
  safely?: string;
}

const readiness = (severity: Severity, description: string, safely?: string): RuleEntry => ({
  task: 'readiness',
  severity,
  description,
  ...(safely ? { safely } : {}),
});

const SERVER_ERRORS = {
  'missing-relation': readiness(
    'critical',
    'A table, view or sequence the migration needs does not exist before it runs',
    'Create it in an earlier migration, or supply it as a prerequisite',
  ),
  'missing-schema': readiness('critical', 'A schema the migration needs does not exist', 'CREATE SCHEMA first'),
  'missing-function': readiness(
    'critical',
    'A function the migration calls does not exist (with these argument types)',
    'Create it first, or CREATE EXTENSION the contrib module that provides it',
  ),
  'missing-type': readiness(
    'critical',
    'A type the migration uses does not exist',
    'Create the type or extension first',
  ),
  'missing-index': readiness('critical', 'An index the migration names does not exist'),
  'missing-trigger': readiness('critical', 'A trigger the migration names does not exist'),
  'missing-policy': readiness('critical', 'A policy the migration names does not exist'),
  'missing-extension': readiness('critical', 'An extension the migration needs is not installed'),
  'missing-role': readiness(
    'critical',
    'A role the migration grants to or creates policies for does not exist',
    'Create the role in a prerequisite (Supabase: pack:supabase-auth)',
  ),
  'missing-column': readiness('critical', 'A column the migration names does not exist'),
  'missing-object': readiness('critical', 'An object the migration names does not exist'),
  'duplicate-object': readiness(
    'critical',
    'The migration creates an object that already exists',
    'Use IF NOT EXISTS where the object may legitimately exist',
  ),
  'syntax-error': readiness('critical', 'The migration is not valid SQL for PostgreSQL'),
  'statement-timeout': readiness(
    'critical',
    'A statement ran longer than the statement timeout',
    'Split slow data changes into batches; raise timeouts.statement if the work is expected',
  ),
  'lock-timeout': readiness(
    'critical',
    'A statement waited longer than the lock timeout for a lock another session holds',
    'Retry when the holder is gone; keep lock_timeout short so the migration never queues traffic behind it',
  ),
  'gate-timeout': readiness(
    'critical',
    "A statement ran past the gate's limits after the migration switched off the server's own timeouts",
    'Do not SET statement_timeout or lock_timeout to 0 in a migration',
  ),
  deadlock: readiness('critical', 'The migration deadlocked with another session'),
  'transaction-state': readiness(
    'critical',
    'A statement cannot run in the transaction state the tool runs it in (e.g. CREATE INDEX CONCURRENTLY in a transaction)',
    'Run it where the tool runs files outside a transaction (goose NO TRANSACTION, dbmate transaction:false, a file of its own)',
  ),
  'transaction-aborted': readiness('critical', 'A statement ran in a transaction an earlier error had aborted'),
  'sql-error': readiness('critical', 'The server rejected a statement of the migration'),
} satisfies Record<string, RuleEntry>;

const READINESS = {
  'extension-not-available': readiness(
    'critical',
    'The migration needs an extension this PostgreSQL server does not ship',
    'Gate it on a server that has the extension (--image, a Neon branch, --database-url)',
  ),
  'unsafe-on-target': readiness(
    'critical',
    'A statement whose effect a rollback does not undo, refused on a database the gate must not change',
    'Gate it on the embedded server, a Neon branch or a disposable copy (--commit)',
  ),
  'blocking-session': readiness(
    'warning',
    'Another session holds locks or a long transaction: the migration would queue behind it',
  ),
  'history-not-buildable': readiness(
    'warning',
    "The repository's history does not build on an empty server: the target could not be compared with it",
    'Give the production schema as the baseline',
  ),
  'drift-missing': readiness('error', "An object the repository's migrations create is missing on the target database"),
  'drift-changed': readiness('warning', "An object on the target differs from the repository history's definition"),
  'drift-extra': readiness('info', "Objects on the target that the repository's migrations do not create"),
  'earlier-migration-not-applied': readiness(
    'error',
    'An earlier migration of the repository was never applied to the target database',
    'Deploy the missing migration first',
  ),
  'earlier-migration-fails': readiness(
    'critical',
    'A migration before the target does not apply: the target cannot be checked',
  ),
  'opaque-migration': readiness('warning', 'An earlier migration the gate cannot run (a Go or JavaScript migration)'),
  'sequence-advanced': readiness(
    'info',
    'A sequence advanced during the rolled-back run (nextval is not transactional)',
  ),
  'sequence-rewound': readiness(
    'error',
    'A sequence was set back during the rolled-back run: ids could be handed out again',
  ),
  'not-transactional': readiness(
    'warning',
    'The tool runs the migration statement by statement without a transaction: a failure leaves it half applied',
    'Wrap the file in BEGIN … COMMIT, or let the tool run it in a transaction',
  ),
  'non-transactional-statement': readiness(
    'warning',
    'A statement that cannot run in a transaction block was not run on a database the gate must not change',
  ),
  'psql-meta-command': readiness(
    'error',
    'A psql meta-command (\\i, \\set …) in a migration that the tool sends to the server as SQL',
  ),
  'baseline-role-created': readiness('info', 'A role the baseline names did not exist and was created NOLOGIN'),
  'baseline-extension-missing': readiness(
    'warning',
    'An extension of the baseline is not available on this server and was skipped',
  ),
} satisfies Record<string, RuleEntry>;

const objectTask = (task: TaskId, severity: Severity, description: string, safely?: string): RuleEntry => ({
  task,
  severity,
  description,
  ...(safely ? { safely } : {}),
});

const VALIDATORS = {
  'not-created': objectTask(
    'schema',
    'error',
    'An object the migration declares was not created (the migration failed first)',
  ),
  'schema-mismatch': objectTask('schema', 'error', 'A table does not have the declared columns or partitioning'),
  'policy-missing': objectTask('rls', 'error', 'A policy the migration creates does not exist afterwards'),
  'policy-command': objectTask('rls', 'error', 'A policy applies to another command than declared'),
  'policy-count': objectTask('rls', 'error', 'The number of policies differs from the expectation'),
  'rls-disabled': objectTask(
    'rls',
    'error',
    'Policies exist on a table whose row level security is not enabled: they do nothing',
    'ALTER TABLE … ENABLE ROW LEVEL SECURITY',
  ),
  'rls-expected': objectTask('rls', 'error', 'Row level security is not as the configuration expects'),
  'rls-without-policy': objectTask(
    'rls',
    'warning',
    'Row level security is enabled with no policy: every non-owner sees nothing',
  ),
  'tenant-table-without-rls': objectTask(
    'rls',
    'error',
    'A table with the tenant column has no row level security',
    'ENABLE ROW LEVEL SECURITY and add tenant policies',
  ),
  'permissive-write-policy': objectTask(
    'rls',
    'error',
    'A write policy whose check is always true lets its roles write any row (blocks on a tenant table, warns elsewhere)',
    'Check the tenant or owner in WITH CHECK, or narrow the action with an AS RESTRICTIVE policy',
  ),
  'index-missing': objectTask('indexes', 'error', 'An index the migration creates does not exist afterwards'),
  'index-invalid': objectTask(
    'indexes',
    'error',
    'An index is INVALID (a failed CREATE INDEX CONCURRENTLY)',
    'DROP INDEX CONCURRENTLY and create it again',
  ),
  'index-count': objectTask('indexes', 'error', 'The number of indexes differs from the expectation'),
  'unindexed-foreign-key': objectTask(
    'indexes',
    'warning',
    'A foreign key has no index leading with its columns: deletes on the referenced table scan this one',
    'CREATE INDEX on the foreign key columns',
  ),
  'function-missing': objectTask('triggers', 'error', 'A function the migration creates does not exist afterwards'),
  'trigger-missing': objectTask('triggers', 'error', 'A trigger the migration creates does not exist afterwards'),
  'trigger-mismatch': objectTask(
    'triggers',
    'error',
    'A trigger sits on another table, timing or events than declared',
  ),
  'enum-missing': objectTask('enums', 'error', 'An enum type the migration creates does not exist afterwards'),
  'enum-values': objectTask('enums', 'error', 'An enum type has other values, or another order, than declared'),
  'foreign-key-missing': objectTask('integration', 'error', 'A declared foreign key does not exist'),
  'foreign-key-target': objectTask(
    'integration',
    'error',
    'A foreign key points at another table or columns than declared',
  ),
  'foreign-key-target-missing': objectTask(
    'integration',
    'error',
    'A foreign key points at a table that does not exist',
  ),
  'foreign-key-on-delete': objectTask(
    'integration',
    'error',
    'A foreign key has another ON DELETE action than declared',
  ),
  'no-down-migration': objectTask(
    'rollback',
    'warning',
    'The migration has no down migration, though its tool has them',
  ),
  'down-failed': objectTask('rollback', 'error', 'The down migration fails'),
  'rollback-incomplete': objectTask(
    'rollback',
    'error',
    'After the down migration the schema is not what it was before the migration',
  ),
  'rollback-column-order': objectTask(
    'rollback',
    'warning',
    'After the down migration a column is back, but in another position',
  ),
  'rollback-slow': objectTask('rollback', 'error', 'The down migration took longer than allowed'),
  'reapply-failed': objectTask(
    'rollback',
    'error',
    'The migration does not apply again after its own rollback: it cannot be retried',
  ),
} satisfies Record<string, RuleEntry>;

/**
 * What the migration does to tables that already hold data, decided from the
 * trace of what the server did (src/observe, src/rules/safety). The severity
 * of those that block traffic is the one for a table that would be blocked
 * for ten seconds or more at production size; shorter is a warning, under a
 * second (or an empty table) is info, an unknown size a warning.
 */
const SAFETY = {
  'index-not-concurrent': readiness(
    'error',
    'CREATE INDEX (or a UNIQUE / PRIMARY KEY constraint) on a table that existed before: writes are blocked while the index builds',
    'CREATE INDEX CONCURRENTLY outside a transaction (goose NO TRANSACTION, dbmate transaction:false, a file of its own); for a constraint, ADD CONSTRAINT … USING INDEX on the index built that way',
  ),
  'constraint-validated-under-lock': readiness(
    'error',
    'ADD CONSTRAINT (FOREIGN KEY or CHECK) checks every existing row while holding a lock that blocks writes',
    'ADD CONSTRAINT … NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later transaction (it takes SHARE UPDATE EXCLUSIVE: reads and writes go on)',
  ),
  'rewrite-under-access-exclusive': readiness(
    'error',
    'A table that existed before is rewritten under ACCESS EXCLUSIVE: reads and writes wait until every row is copied',
    'Avoid the rewrite: add columns without a volatile default and backfill in batches; rebuild tables online (pg_repack) instead of VACUUM FULL / CLUSTER',
  ),
  'scan-under-access-exclusive': readiness(
    'error',
    'A table that existed before is read in full while ACCESS EXCLUSIVE is held on it: reads and writes wait',
    'Do the check or the backfill under a weaker lock: NOT VALID constraints validated later, batched updates in their own transactions after the ALTER committed',
  ),
  'set-not-null-scan': readiness(
    'error',
    'SET NOT NULL reads every row of a table that existed before under ACCESS EXCLUSIVE',
    'ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the CHECK',
  ),
  'volatile-default': readiness(
    'error',
    'ADD COLUMN with a volatile default (random(), clock_timestamp(), nextval(), a serial or identity) rewrites a table that existed before',
    'ADD COLUMN with a constant (non-volatile) default or none, backfill in batches, then SET DEFAULT',
  ),
  'required-column-without-default': readiness(
    'error',
    'ADD COLUMN … NOT NULL with nothing to fill it (no DEFAULT, identity, serial or generated expression) fails on a table that existed before as soon as it has a row; the test run cannot show it on an empty table',
    'ADD COLUMN with a constant DEFAULT (no rewrite since PostgreSQL 11); or add it nullable, backfill in batches, then SET NOT NULL through a validated CHECK',
  ),
  'column-type-change': readiness(
    'error',
    'ALTER COLUMN … TYPE rewrites (or re-checks) every row of a table that existed before under ACCESS EXCLUSIVE',
    'Add a column of the new type, backfill it in batches, switch the application, then drop the old one; varchar(n) → varchar(m > n) or text needs no rewrite',
  ),
  'rename-existing': readiness(
    'warning',
    'A table, column or enum value that existed before is renamed: the application code still running uses the old name',
    'Expand and contract: add the new name (a column kept in sync, or a view), deploy code that uses it, remove the old name in a later migration',
  ),
  'drop-existing-column': readiness(
    'warning',
    'A column that existed before is dropped: the application code still running may read or write it',
    'Deploy code that no longer uses the column first, then drop it in a later migration',
  ),
  'drop-existing-table': readiness(
    'warning',
    'A table that existed before is dropped: its data is gone and the code still running breaks',
    'Stop using it first, keep a backup or rename it aside for a release, then drop it',
  ),
  'drop-existing-schema': readiness(
    'warning',
    'A schema that existed before is dropped, with everything in it',
    'Drop the objects one by one, each when nothing uses it any more',
  ),
  'enum-value-used-in-transaction': readiness(
    'critical',
    'An enum value added by ALTER TYPE … ADD VALUE is used before the transaction that added it committed',
    'Add the value in a migration (or a transaction) of its own, and use it in the next one',
  ),
  'missing-lock-timeout': readiness(
    'warning',
    'A statement takes a lock that blocks writes on a table that existed before, with no lock_timeout set: waiting for it queues all traffic',
    "SET lock_timeout = '2s' (SET LOCAL inside the migration's transaction) at the top of the migration, and retry when it times out",
  ),
  'privileges-lost': objectTask(
    'readiness',
    'error',
    'A table or view that roles could read or write before was dropped and made again (or a view now stands where a renamed table was) without their grants: their queries fail with "permission denied"',
    'GRANT the same privileges again in the migration, after the CREATE (CREATE OR REPLACE VIEW keeps them where the columns allow it)',
  ),
  'sequence-narrower-than-column': objectTask(
    'schema',
    'warning',
    "A column widened to bigint keeps a sequence AS integer (a serial's does not follow its column): new values stop at the sequence's maximum all the same",
    'ALTER SEQUENCE … AS bigint in the same migration (an identity column widens its sequence itself)',
  ),
  'duplicate-index': objectTask(
    'indexes',
    'warning',
    'An index the migration creates duplicates one the table already has: it slows every write for nothing',
    'Drop one of them; a unique index or primary key already serves lookups on the same columns',
  ),
  'identifier-truncated': objectTask(
    'schema',
    'warning',
    'An identifier longer than 63 bytes, which PostgreSQL silently cuts: the object gets another name than the one written',
    'Use a name of at most 63 bytes',
  ),
} satisfies Record<string, RuleEntry>;

/**
 * Catalog lints (src/rules/lints): the schema the migration leaves behind,
 * judged as Supabase's database advisors judge it, for what the migration
 * created or changed.
 */
const LINTS = {
  'security-definer-search-path': objectTask(
    'triggers',
    'warning',
    "A SECURITY DEFINER function without a fixed search_path: the caller's search_path decides what its unqualified names mean",
    "SET search_path = '' on the function and qualify every name in its body",
  ),
  'view-bypasses-rls': objectTask(
    'rls',
    'warning',
    'A view reads tables with row level security as its owner: roles granted the view see rows the policies hide (PostgreSQL 15+)',
    'CREATE VIEW … WITH (security_invoker = true), or ALTER VIEW … SET (security_invoker = true)',
  ),
  'policy-per-row-call': objectTask(
    'rls',
    'warning',
    'A policy calls auth.uid(), auth.jwt() or current_setting() outside a sub-select: it is evaluated for every row',
    'Wrap the call in a sub-select, (select auth.uid()), so it is evaluated once per statement',
  ),
  'multiple-permissive-policies': objectTask(
    'rls',
    'warning',
    'Several permissive policies apply to the same role and command: each is evaluated for every row, and any one grants access',
    'Combine them into one policy, or make the narrowing ones AS RESTRICTIVE',
  ),
  'exposed-table-without-rls': objectTask(
    'rls',
    'error',
    'A table in a schema the API exposes (exposed_schemas) is granted to API roles without row level security',
    'ENABLE ROW LEVEL SECURITY and add policies, REVOKE the grants, or move the table out of the exposed schemas',
  ),
} satisfies Record<string, RuleEntry>;

/** Data preservation: the rows of tables that existed before the migration (src/rules/data-loss.ts). */
const DATA = {
  'mass-delete': readiness(
    'error',
    'The migration deleted every row of an existing table, or most of them without a WHERE',
    'Delete only the rows meant (a WHERE, in batches); if the table must be emptied, say so with an ignore',
  ),
  'mass-update': readiness(
    'warning',
    'An UPDATE without WHERE overwrote an existing column in most rows with a constant: the old values are gone',
    'Keep the old values (a new column, a backup table) until the change is confirmed; backfills of new columns are fine',
  ),
  'type-change-alters-values': readiness(
    'warning',
    'A column converted to another type without USING lost its values: read back as the old type, rows of an existing table are not what they were (numeric → integer rounds)',
    'Say how each value converts with USING (round(), a scale that keeps the digits), or keep a type that holds them',
  ),
  'rollback-loses-data': objectTask(
    'rollback',
    'error',
    'After the down migration and the migration again, an existing table has fewer rows (or other values)',
    'Let the down undo only what the migration did (DROP the COLUMN it added, not DROP TABLE and CREATE TABLE)',
  ),
  'no-test-data': readiness(
    'info',
    'The existing tables the migration works on hold no rows: failures that depend on data cannot show',
    'Add fixtures (fixtures:, --fixture), or let the gate generate rows: fixtures: generate',
  ),
  'fixture-not-generated': readiness(
    'info',
    'fixtures: generate could not insert a row into a table (a CHECK it cannot satisfy, a NOT NULL key cycle)',
    'Give that table rows in a fixture file: generated rows fill only tables the fixtures leave empty',
  ),
} satisfies Record<string, RuleEntry>;

/** Behaviour probes (src/probes/): what the schema does when the application uses it, proven on probe rows. */
const PROBES = {
  'tenant-isolation-leak': objectTask(
    'rls',
    'error',
    "As the application's role with tenant A's identity, a command saw or changed tenant B's rows: the named policies let them through",
    "Compare the tenant column with the session's tenant in USING and WITH CHECK: USING (org_id = (select current_setting('app.org_id'))::uuid)",
  ),
  'policy-recursion': objectTask(
    'rls',
    'error',
    'A policy reads its own table again (a membership check on the membership table): every query on that table, and on the tables whose policies read it, fails with "infinite recursion detected in policy"',
    'Read the membership through a SECURITY DEFINER function with a fixed search_path (is_member(org_id)), which row level security does not apply to inside, and call it from the policies',
  ),
  'policy-rejects-own-rows': objectTask(
    'rls',
    'error',
    "With tenant A's identity a command reaches none of A's own rows: the policy compares the wrong column or setting",
    'Compare the tenant column (tenant_column) with the setting that carries the tenant; check with probes.identity',
  ),
  'view-leaks-rows': objectTask(
    'rls',
    'error',
    "Through a view, tenant A's session saw other tenants' rows: the view reads its tables as its owner",
    'CREATE VIEW … WITH (security_invoker = true) (PostgreSQL 15+), or filter by the tenant in the view',
  ),
  'definer-function-leaks-rows': objectTask(
    'rls',
    'error',
    "A SECURITY DEFINER function returned other tenants' rows to tenant A's session: it reads as its owner",
    "Make it SECURITY INVOKER, or filter by the caller's tenant inside it (never by an argument the caller chooses)",
  ),
  'rls-not-forced': objectTask(
    'rls',
    'error',
    'The application connects as the owner of a table whose row level security is not forced: the owner bypasses every policy',
    'ALTER TABLE … FORCE ROW LEVEL SECURITY, or connect as a role that does not own the tables',
  ),
  'probe-identity-unknown': objectTask(
    'rls',
    'info',
    'The gate cannot tell how the policies identify the current tenant or user: tenant isolation was not probed',
    'Say which settings carry the tenant and user: probes.identity in migration-gate.yml',
  ),
  'trigger-function-error': objectTask(
    'triggers',
    'error',
    'A trigger function fails when its event happens on a probe row (a column, table or function it names does not exist)',
    'Fix the function body; the finding points at the failing line',
  ),
  'existing-trigger-broken': objectTask(
    'triggers',
    'error',
    'A trigger that existed before fails on a probe row after the migration: its function names a column or table the migration renamed or dropped (PostgreSQL does not follow a rename into a PL/pgSQL body)',
    'Replace the function in the same migration (CREATE OR REPLACE FUNCTION with the new names), or keep the old column until no function uses it',
  ),
  'cron-job-broken': objectTask(
    'integration',
    'error',
    "A pg_cron job's command does not plan after the migration (a function, table or column it names is missing, or it is not valid SQL): it fails at every run, seen only in cron.job_run_details",
    'Schedule the job in the migration that creates what it calls, and change the job (cron.schedule with its name again) where the migration renames what it uses',
  ),
  'cron-job-unknown': objectTask(
    'integration',
    'warning',
    'The migration unschedules or alters a pg_cron job that no migration scheduled: pg_cron raises an error unless the job exists on the server',
    'Schedule the job in a migration, or guard the call: SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = …',
  ),
  'existing-function-broken': objectTask(
    'triggers',
    'error',
    'A function that existed before no longer compiles after the migration, or its PL/pgSQL body still names a column or table the migration renamed or dropped (a policy that calls it fails every query)',
    'Replace the function in the same migration with the new names (a SQL function written BEGIN ATOMIC is followed by PostgreSQL itself)',
  ),
  'trigger-field-missing': objectTask(
    'triggers',
    'error',
    'A trigger function uses NEW.x or OLD.x, and a table it is attached to has no column x',
    'Use the column names of the table the trigger is on',
  ),
  'function-unresolved-reference': objectTask(
    'triggers',
    'warning',
    'A PL/pgSQL function the migration creates names a table or function that does not exist: it fails when that statement runs',
    'Create the object first, or fix the name',
  ),
  'timestamp-not-maintained': objectTask(
    'triggers',
    'error',
    'A trigger that keeps updated_at does not change it on UPDATE (it fires on another event)',
    'CREATE TRIGGER … BEFORE UPDATE ON … FOR EACH ROW EXECUTE FUNCTION …',
  ),
  'tenant-cascade': objectTask(
    'integration',
    'warning',
    'Deleting one row of a tenant, account or user table deletes tenant data through ON DELETE CASCADE (the numbers are in the message)',
    'ON DELETE RESTRICT and an explicit off-boarding job; or declare the cascade under expectations.foreign_keys (on_delete: cascade)',
  ),
  'foreign-key-name-mismatch': objectTask(
    'integration',
    'warning',
    'A foreign key column names one table and references another (invoice_id → customers)',
    'Reference the table the column is named after, or rename the column',
  ),
} satisfies Record<string, RuleEntry>;

const GATE = {
  'unused-ignore': readiness(
    'warning',
    'A migration-gate:ignore comment suppresses nothing (or names an unknown rule)',
    'Remove the comment, or fix the rule id',
  ),
} satisfies Record<string, RuleEntry>;

export const RULES = {
  ...SERVER_ERRORS,
  ...READINESS,
  ...VALIDATORS,
  ...LINTS,
  ...DATA,
  ...SAFETY,
  ...PROBES,
  ...GATE,
} as const;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** The rules over the trace of what the migration does to tables that existed before (src/rules/safety). */
export const SAFETY_RULE_IDS = Object.keys(SAFETY) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
