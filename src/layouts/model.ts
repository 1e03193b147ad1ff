/**
 * What the gate knows about a migration tool: how it names, orders and pairs
 * files, and how it sends each file to PostgreSQL. Applying a file the way
 * its tool does is what keeps the gate from blocking what production accepts.
 */

export const TOOLS = [
  'plain',
  'golang-migrate',
  'dbmate',
  'goose',
  'flyway',
  'node-pg-migrate',
  'supabase',
  'prisma',
  'diesel',
  'sqitch',
  'graphile-migrate',
  'atlas',
  'drizzle',
] as const;
export type ToolName = (typeof TOOLS)[number];

/**
 * How a tool sends a file to the server.
 * - `transaction`: inside BEGIN … COMMIT of its own; a failure leaves nothing.
 * - `single-message`: the whole text in one simple-query message, which
 *   PostgreSQL runs as one implicit transaction (unless the file says BEGIN/COMMIT).
 * - `autocommit`: statement by statement, each committed on its own (psql).
 */
export type Execution = 'transaction' | 'single-message' | 'autocommit';

/** One migration of the repository, in the tool's order. */
export interface Migration {
  /** How --target, `expectations:` and reports name it: a file name, or the directory for Prisma/Diesel. */
  name: string;
  /** The file holding the up direction. */
  path: string;
  /** A separate file holding the down direction. */
  downPath?: string;
  /** Set when the gate cannot run it (a goose `.go` migration): why, in one line. */
  opaque?: string;
}

/** A migration's text as the tool runs it: other directions and headers blanked, lines kept in place. */
export interface MigrationSource {
  up: string;
  /** The down direction when it lives in the same file. */
  down?: string;
  execution: Execution;
  /** How the in-file down runs when its own options say so (dbmate's `-- migrate:down transaction:false`). */
  downExecution?: Execution;
  /**
   * A statement that refuses a transaction block turns the whole file to
   * autocommit (Flyway): only when every statement is of that kind (`alone`),
   * or beside others too (`mixed`, Flyway's setting). A file mixing both
   * without `mixed` is refused by Flyway; run in its transaction, the
   * refusing statement fails at its line.
   */
  autocommitWhenNonTransactional?: 'alone' | 'mixed';
  /** Statements that refuse a transaction block run on their own, between batches (Supabase CLI). */
  standaloneNonTransactional?: boolean;
  /** psql meta-commands are part of the language (the tool runs psql). */
  psql?: boolean;
}

export interface Layout {
  tool: ToolName;
  /** How the layout is recognised, for the README and for the "layout not recognised" message. */
  recognisedBy: string;
  /** Whether the tool has down migrations at all: without them the rollback task has nothing to ask. */
  downs: boolean;
  /** Whether `dir` is laid out for this tool (markers in it or around it). */
  detect(dir: string): boolean;
  /** The migrations in the tool's order. */
  discover(dir: string): Migration[];
  /** The up (and in-file down) text of one migration as the tool would run it. */
  source(migration: Migration, text: string): MigrationSource;
  /** Files that look like migrations but that the tool never runs (not in Drizzle's journal), and why. */
  unlisted?(dir: string): { path: string; why: string }[];
}
