import type { LockMode } from './observe/locks.js';
import type { RuleId } from './rules/catalogue.js';

/**
 * The gate's domain model. Everything the pipeline produces is a value of these
 * types; the JSON report is a direct serialisation of `GateReport`.
 */

export const TASK_IDS = [
  'schema',
  'rls',
  'indexes',
  'triggers',
  'enums',
  'integration',
  'readiness',
  'rollback',
] as const;
export type TaskId = (typeof TASK_IDS)[number];

export const TASK_TITLES: Record<TaskId, string> = {
  schema: 'Schema Validation',
  rls: 'RLS Policy Validation',
  indexes: 'Index Performance Validation',
  triggers: 'Trigger Function Validation',
  enums: 'Enum Type Validation',
  integration: 'Integration Point Validation',
  readiness: 'Production Readiness Checks',
  rollback: 'Rollback Procedure',
};

export type TaskStatus = 'PASS' | 'WARN' | 'FAIL' | 'BLOCKED' | 'N/A';
export type Verdict = 'APPROVED' | 'BLOCKED';
export type Severity = 'critical' | 'error' | 'warning' | 'info';

/** 1-based line and column of a token in a file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface Finding {
  severity: Severity;
  /** Stable rule id from the rule catalogue (src/rules/catalogue.ts). */
  rule: RuleId;
  message: string;
  object?: string;
  /** Path relative to the working directory (or workspace in the action). */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  /** Every line the object is referenced on, when there are several. */
  lines?: number[];
  task: TaskId;
  /** The SQL the finding is about, trimmed to a few lines. */
  excerpt?: string;
  /** What this problem prevents ("All 3 sync tables cannot be created"). */
  impact?: string;
  /** Suppressed by `rules:` or a `migration-gate:ignore` comment: listed, never counted. */
  ignored?: boolean;
  /** Why it was suppressed. */
  reason?: string;
  /** PostgreSQL's DETAIL, when the finding comes from a server error ("Key (email)=(a@b.c) is duplicated."). */
  detail?: string;
  /** What to do about it: PostgreSQL's HINT, then the gate's own ("add CREATE EXTENSION pgcrypto; before it"). */
  hint?: string;
}

/** One named check inside a task, shown like the seed's "Check 1 … Check 7". */
export interface Check {
  name: string;
  status: 'PASS' | 'FAIL' | 'WARN' | 'INFO';
  finding: string;
}

export interface TaskResult {
  id: TaskId;
  title: string;
  status: TaskStatus;
  summary: string;
  findings: Finding[];
  checks?: Check[];
}

/** A remediation step: a missing object and where the repository creates it. */
export interface RequiredAction {
  object: string;
  kind: string;
  /** Files of the repository that create the object (prerequisites, earlier migrations). */
  createdBy: string[];
  lines: number[];
  /** What supplies it when no file of the repository does (an extension, a prerequisite pack, another server). */
  hint?: string;
}

/**
 * What one statement of the target did to relations that existed before the
 * migration, as the server reported it while the target applied.
 */
export interface StatementTrace {
  /** Line of the target where the statement starts. */
  line: number;
  /** The statement's parse node, e.g. `AlterTableStmt`. */
  statement: string;
  /** Lock modes it acquired on pre-existing relations, with their production rows where known. */
  locks: { relation: string; modes: LockMode[]; rows?: number; rowsFrom?: 'table_sizes' | 'estimate' }[];
  /** Tables whose rows it copied into a new file. */
  rewritten: string[];
  /** Tables it read with sequential scans, and the rows read on the test data. */
  scanned: { relation: string; rowsRead: number }[];
  /** The strongest of its locks, held on the test data until its transaction ended. */
  strongestLock?: { relation: string; mode: LockMode; heldMs: number };
  /** What that means at production size, in words. */
  impact?: string;
  /** Why the gate could not look at this statement's locks. */
  note?: string;
}

export interface GateReport {
  verdict: Verdict;
  target: string;
  tasks: TaskResult[];
  findings: Finding[];
  requiredActions: RequiredAction[];
  database: { kind: string; version: string };
  /** Rows of the tables that existed before the migration; absent when there were none. */
  data?: DataReport;
  /** What the behaviour probes exercised, as whom, and how it came out; absent when they did not run. */
  probes?: ProbeRecord[];
  timings: { total_ms: number; [step: string]: number };
  /** Per statement of the target: what it did to relations that existed before (absent when it was not traced). */
  trace?: StatementTrace[];
}

/** What the migration did to existing rows (report `data`). */
export interface DataReport {
  /**
   * `exact`: every table counted (up to a cap) and checksummed; `estimated`: a
   * database the gate must not change, read through the planner's estimates and
   * the transaction's own row counters.
   */
  counting: 'exact' | 'estimated';
  tables: DataTable[];
  /**
   * Past 100 existing tables, `tables` lists only those the target works on and
   * those whose rows changed: the others are counted here.
   */
  unchanged?: { tables: number; rows: number };
  /** Rows `fixtures: generate` inserted, by table. */
  generated?: { table: string; rows: number }[];
  /** What could not be counted or checked. */
  notes: string[];
}

export interface DataTable {
  table: string;
  before?: number;
  after?: number;
  /** After the down migration and the migration again, where the round trip ran. */
  afterRoundTrip?: number;
  /** The counts are estimates (or, past the cap, lower bounds). */
  approximate?: boolean;
  /** Order-independent checksums of the rows over the columns that existed before. */
  checksum?: { before?: string; after?: string; afterRoundTrip?: string };
  /** Rows the migration changed in place (counts unchanged, values not). */
  changed?: number;
  /** The table no longer exists after the migration (dropped or renamed). */
  gone?: boolean;
}

/** One behaviour probe (report `probes`): what was exercised, as whom, and the outcome. */
export interface ProbeRecord {
  task: TaskId;
  /** rows, isolation, view, function, force-rls, trigger, function-references, cascade, cron-job. */
  kind: string;
  /** The table, view, function, trigger or foreign key probed. */
  object: string;
  /** The role the probe acted as, and the identity settings of its session. */
  as?: { role: string; settings?: Record<string, string> };
  /** pass: behaved as expected; fail / warn: a finding says what; info: could not be judged; skipped: not run. */
  outcome: 'pass' | 'fail' | 'warn' | 'info' | 'skipped';
  /** What happened, in one line. */
  detail: string;
}
