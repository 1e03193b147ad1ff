import type { ToolName } from './model.js';

/**
 * How a team on each tool builds an index without blocking writes: CREATE
 * INDEX CONCURRENTLY refuses a transaction block, and each tool has its own
 * way (or none) to run a statement outside one.
 */
const OUTSIDE_A_TRANSACTION: Record<ToolName, string> = {
  plain: 'in a file without BEGIN … COMMIT (psql then runs each statement on its own)',
  'golang-migrate': 'alone in a migration file (golang-migrate sends a file as one message, one implicit transaction)',
  dbmate: 'in a migration whose `-- migrate:up` marker says `transaction:false`',
  goose: 'in a migration annotated `-- +goose NO TRANSACTION`',
  flyway: 'in a migration of its own (Flyway runs a migration holding only such statements outside a transaction)',
  'node-pg-migrate': 'in a JavaScript migration that calls `pgm.noTransaction()` (SQL migrations always run in one)',
  supabase: "outside the file's own BEGIN … COMMIT (the CLI runs it on its own, between batches)",
  prisma: 'alone in a migration.sql (prisma sends the file as one message, one implicit transaction)',
  diesel: 'in a migration whose metadata.toml says `run_in_transaction = false`',
  sqitch: 'in a deploy script without BEGIN … COMMIT',
  'graphile-migrate': 'in a migration that starts with `--! no-transaction`',
  atlas: 'in a file whose header says `-- atlas:txmode none`',
  drizzle:
    'outside drizzle: its migrator runs every file in one transaction, so build the index by hand (or in a deploy step) and keep CREATE INDEX IF NOT EXISTS in the migration',
};

/** The safe way to build an index on a table that holds data, in this tool's words. */
export function concurrentIndexAdvice(tool: ToolName): string {
  return `CREATE INDEX CONCURRENTLY, ${OUTSIDE_A_TRANSACTION[tool]}; for a constraint, ADD CONSTRAINT … USING INDEX on the index built that way`;
}
