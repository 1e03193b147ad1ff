/**
 * A history's earlier migrations, many files to a message. Sent one at a
 * time, as their tools send them, each file cost a round trip the server
 * spent waiting: 2,000 one-statement files took 1.9 s, in messages of 50
 * files 1.2 s. In a message, each file is `BEGIN; its statements; COMMIT`
 * behind the gate's limits, which is what the file alone would have done
 * (inOneTransaction says which files; one that is a transaction of its own,
 * ownTransaction, brings its BEGIN and COMMIT): the message stops at the first
 * failing statement, the files before it committed, and the failing file is
 * left as its tool would leave it (oneMessageFailure).
 */
import type pg from 'pg';
import { serverNotes } from '../hints/index.js';
import type { SetupFile } from '../inputs.js';
import type { Finding } from '../types.js';
import type { ApplyOptions, Failure } from './apply.js';
import { applyFile } from './apply.js';
import { inOneTransaction, ONE_MESSAGE, ownTransaction } from './file-shape.js';
import { oneMessageFailure } from './one-by-one.js';
import { runnerSettings, sendParts } from './send.js';

/**
 * Applies the earlier migrations in order, as many to a message as can
 * travel together. The first that fails (or does not parse) is the finding:
 * the migration under review cannot be checked on a history that does not apply.
 */
export async function applyEarlier(
  client: pg.Client,
  files: AsyncIterable<SetupFile>,
  options: ApplyOptions,
  /** Told of files committed (a message's, or one that went alone): the catalog may be read ahead beside the rest. */
  filesCommitted: (count: number) => void = () => undefined,
): Promise<Finding | undefined> {
  const batches = new EarlierBatches(client, options, filesCommitted);
  const reading = files[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<SetupFile>;
    try {
      next = await reading.next();
    } catch (error) {
      // A file that cannot be read: applied one at a time, the files before it would have run first.
      const failed = await batches.flush();
      if (failed) return failedFinding(failed);
      throw error;
    }
    if (next.done) break;
    const file = next.value;
    const { parsed } = file;
    if (!parsed.syntaxError && EarlierBatches.takes(file)) {
      const failed = await batches.add(file);
      if (failed) return failedFinding(failed);
      continue;
    }
    // The files before it are applied first: one of them may be the first to fail.
    const failed = await batches.flush();
    if (failed) return failedFinding(failed);
    if (parsed.syntaxError) {
      const { line, column, message } = parsed.syntaxError;
      return historyFinding(parsed.file, line, column, message);
    }
    const result = await applyFile(client, file, options);
    if (result.status === 'failed') return failedFinding(result);
    filesCommitted(1);
  }
  const failed = await batches.flush();
  return failed && failedFinding(failed);
}

function failedFinding(result: Failure): Finding {
  const { line, column } = result.error.position;
  return { ...historyFinding(result.file, line, column, result.error.message), ...serverNotes(result.error) };
}

/** A broken earlier migration is a finding about the repository, not a usage error. */
function historyFinding(file: string, line: number, column: number, message: string): Finding {
  return {
    severity: 'critical',
    rule: 'earlier-migration-fails',
    message: `earlier migration ${file} fails: ${message}`,
    file,
    line,
    column,
    task: 'readiness',
    impact: 'The migration under review cannot be checked: the history it builds on does not apply',
  };
}

/** Files per message; statements per message as for one file (ONE_MESSAGE). */
export const FILES_PER_MESSAGE = 100;

/**
 * Collects earlier migrations and sends them in messages. A full message is
 * sent without waiting for its answer: the next files are read and gathered
 * while the server applies it, and its answer is awaited before the next
 * message goes.
 */
export class EarlierBatches {
  private gathered: SetupFile[] = [];
  private statements = 0;
  private inFlight: Promise<Failure | undefined> | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly options: ApplyOptions,
    private readonly filesCommitted: (count: number) => void = () => undefined,
  ) {}

  /** Whether the file can travel with others: it is one transaction, the gate's or its own. */
  static takes(file: SetupFile): boolean {
    return inOneTransaction(file.parsed.statements) || ownTransaction(file.parsed.statements);
  }

  /** Adds a file; a failure of a message sent before comes back here (the files after it are not applied). */
  async add(file: SetupFile): Promise<Failure | undefined> {
    const count = file.parsed.statements.length;
    if (this.gathered.length === FILES_PER_MESSAGE || this.statements + count > ONE_MESSAGE) {
      const failed = await this.inFlight;
      if (failed) return failed;
      this.inFlight = this.send(this.gathered);
      // Awaited by the next add or flush; a failure is a value, anything else surfaces there.
      this.inFlight.catch(() => undefined);
      this.gathered = [];
      this.statements = 0;
    }
    this.gathered.push(file);
    this.statements += count;
    return undefined;
  }

  /** Sends what is gathered and waits for every message: before a file that travels alone, and at the end. */
  async flush(): Promise<Failure | undefined> {
    const failed = await this.inFlight;
    this.inFlight = undefined;
    if (failed) return failed;
    const last = this.send(this.gathered);
    this.gathered = [];
    this.statements = 0;
    return last;
  }

  private async send(files: SetupFile[]): Promise<Failure | undefined> {
    if (files.length === 0) return undefined;
    const started = performance.now();
    const parts: string[] = [];
    /** For each part, the file it belongs to and its statement (SET and BEGIN: the first; COMMIT: the last). */
    const owners: { file: number; statement: number }[] = [];
    const settings = runnerSettings(this.options);
    files.forEach((file, i) => {
      const statements = file.parsed.statements;
      // A file that is one transaction of its own brings its BEGIN (and the options it gives it) and COMMIT.
      const own = ownTransaction(statements);
      for (const part of own ? settings : [...settings, 'BEGIN']) {
        parts.push(part);
        owners.push({ file: i, statement: 0 });
      }
      statements.forEach((statement, k) => {
        parts.push(statement.sql);
        owners.push({ file: i, statement: k });
      });
      if (own) return;
      parts.push('COMMIT');
      owners.push({ file: i, statement: statements.length - 1 });
    });
    try {
      const sent = await sendParts(this.client, parts, this.options);
      if (!sent.failure) {
        this.filesCommitted(files.length);
        return undefined;
      }
      const { error, failedAt, overran, ran } = sent.failure;
      const owner = owners[failedAt]!;
      const file = files[owner.file]!;
      if (!ran && owner.file > 0) {
        // Nothing ran: the server parses a message whole first, and a later file did not parse. The files before
        // it are applied (one of them may fail first), then it alone, as it would have been.
        const before = await this.send(files.slice(0, owner.file));
        if (before) return before;
        const alone = await applyFile(this.client, file, this.options);
        return alone.status === 'failed' ? alone : this.send(files.slice(owner.file + 1));
      }
      const statements = file.parsed.statements;
      const failure = await oneMessageFailure(
        this.client,
        file,
        statements,
        { error, failedAt: owner.statement, overran },
        this.options,
      );
      const ms = performance.now() - started;
      return { status: 'failed', file: file.parsed.file, ms, skipped: [], ...failure };
    } finally {
      if (this.options.role !== undefined) await this.client.query('RESET ROLE').catch(() => undefined);
    }
  }
}
