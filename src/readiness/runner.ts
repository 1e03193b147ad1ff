import type { ApplyResult } from '../apply/apply.js';
import type { RunSemantics } from '../inputs.js';
import type { ToolName } from '../layouts/index.js';
import type { ParsedSql } from '../migrations/model.js';
import type { Check, Finding } from '../types.js';
import { option } from '../errors.js';

const CHECK = 'Migration is transactional';

/**
 * Whether a failure part-way can leave a partial schema, judged by what the
 * tool really does with the file, not by whether the file says BEGIN: goose,
 * dbmate, Flyway and most others wrap it; only files the tool runs statement
 * by statement (psql, goose's NO TRANSACTION) are at risk.
 */
export function transactionCheck(target: ParsedSql, run: RunSemantics, tool: ToolName): [Check, ...Finding[]] {
  const pass = (finding: string): [Check] => [{ name: CHECK, status: 'PASS', finding }];
  if (run.execution === 'transaction')
    return pass(`${tool} runs it inside a transaction: a failure leaves nothing behind`);
  if (run.execution === 'single-message') {
    return pass(`${tool} sends it as one message, an implicit transaction: a failure leaves nothing behind`);
  }
  if (target.managesTransaction) return pass('wrapped in BEGIN … COMMIT: a failure leaves nothing behind');
  if (target.statements.filter((s) => !s.transaction).length <= 1) return pass('a single statement');
  const how = tool === 'plain' ? 'run statement by statement (as psql does)' : `run by ${tool} statement by statement`;
  return [
    { name: CHECK, status: 'WARN', finding: `${how}: a failure part-way leaves a partial schema` },
    {
      severity: 'warning',
      rule: 'not-transactional',
      message: `the migration is ${how} without a transaction, and does not wrap itself in BEGIN … COMMIT`,
      file: target.file,
      line: 1,
      column: 1,
      task: 'readiness',
    },
  ];
}

/** Statements the gate did not run on a database it must not change (CREATE INDEX CONCURRENTLY and the like). */
export function skippedStatements(target: ParsedSql, applied: ApplyResult): Finding[] {
  return applied.skipped.map((statement) => ({
    severity: 'warning',
    rule: 'non-transactional-statement',
    message: `${statement.sql.split(/\s+/).slice(0, 4).join(' ')} cannot run inside a transaction block: not run here, as the gate may not commit on this database (${option('commit')} allows it)`,
    file: target.file,
    line: statement.start.line,
    column: statement.start.column,
    task: 'readiness',
  }));
}

/** psql meta-commands: an error for tools that send SQL to the server, part of the language for those that run psql. */
export function metaCommandCheck(target: ParsedSql, run: RunSemantics): [Check, ...Finding[]] | undefined {
  if (target.metaCommands.length === 0) return undefined;
  const count = `${target.metaCommands.length} psql meta-command(s)`;
  const findings = target.metaCommands.map<Finding>((meta) => ({
    severity: run.psql ? 'info' : 'error',
    rule: 'psql-meta-command',
    message: run.psql
      ? `psql meta-command ${meta.command.split(/\s/)[0]} is run by psql; the gate leaves it out`
      : `psql meta-command ${meta.command.split(/\s/)[0]} is not SQL: migration runners (and the database) reject it`,
    file: target.file,
    line: meta.line,
    column: 1,
    task: 'readiness',
    excerpt: meta.command,
  }));
  const check: Check = run.psql
    ? { name: 'psql meta-commands', status: 'INFO', finding: `${count}, run by psql, left out here` }
    : {
        name: 'Plain SQL (no psql meta-commands)',
        status: 'FAIL',
        finding: `${count}: migration runners other than psql reject them`,
      };
  return [check, ...findings];
}
