import type pg from 'pg';
import { ConfigError } from '../errors.js';
import type { Statement } from '../migrations/model.js';
import type { Progress } from '../progress.js';
import { inTurn, type GateInputs } from '../inputs.js';
import { serverNotes } from '../hints/index.js';
import type { Finding } from '../types.js';
import { applyFile, type ApplyOptions, type ApplyResult } from './apply.js';
import { prepareBaseline } from './baseline.js';
import type { ReadAhead } from '../catalog/read-ahead.js';

export interface SetupOutcome {
  /** Notes on loading the baseline. */
  findings: Finding[];
  /** Set when an earlier migration does not apply: the target cannot be checked. */
  brokenHistory?: Finding;
}

/** Baseline, prerequisites, earlier migrations and fixtures; any failure here stops the run. */
export async function applySetup(
  client: pg.Client,
  inputs: GateInputs,
  options: {
    apply: ApplyOptions;
    progress: Progress;
    applySettings: (client: pg.Client) => Promise<void>;
    /** The catalog read while the setup is applied (src/catalog/read-ahead.ts). */
    readAhead?: ReadAhead;
  },
  fresh: boolean,
): Promise<SetupOutcome> {
  const findings: Finding[] = [];
  // A real database already holds its baseline and history: they are compared, not applied.
  const applied = inputs.setup.filter((f) => fresh || (f.role !== 'baseline' && f.role !== 'earlier'));
  const earlier = applied.filter((f) => f.role === 'earlier').length;
  let earlierDone = 0;
  for await (const file of inTurn(applied)) {
    const { role, parsed } = file;
    // A broken earlier migration is a finding about the repository, not a usage error.
    if (role === 'earlier' && parsed.syntaxError) {
      const { line, column, message } = parsed.syntaxError;
      return { findings, brokenHistory: historyFinding(parsed.file, line, column, message) };
    }
    if (parsed.syntaxError) {
      const { line, column, message } = parsed.syntaxError;
      throw new ConfigError(`${role} ${parsed.file}:${line}:${column}: ${message}`);
    }
    const prepared =
      role === 'baseline' ? await prepareBaseline(client, parsed) : { skip: new Set<Statement>(), findings: [] };
    findings.push(...prepared.findings);
    // A history of thousands of files is one line (and one timing) in the report, not thousands.
    const run = (fn: () => Promise<ApplyResult>): Promise<ApplyResult> =>
      role === 'earlier'
        ? options.progress.quietly(EARLIER, fn)
        : options.progress.step(`apply ${role} ${parsed.file}`, fn);
    // Within a large file only: reading beside a history's many small files slowed each round trip more
    // than it saved (1,000 migrations: +390 ms applying, −70 ms reading).
    const committed = (statements: number, remaining: number): void =>
      options.readAhead?.committed(statements, remaining);
    const apply = { ...(role === 'earlier' ? options.apply : ownWork(options.apply)), committed };
    const result = await run(() => applyFile(client, file, apply, prepared.skip));
    if (result.status === 'failed' && role === 'earlier') {
      const { line, column } = result.error.position;
      const finding = historyFinding(parsed.file, line, column, result.error.message);
      return { findings, brokenHistory: { ...finding, ...serverNotes(result.error) } };
    }
    if (result.status === 'failed') {
      const { position, message, detail } = result.error;
      const missing = prepared.findings.filter((f) => f.rule === 'baseline-extension-missing').map((f) => f.object);
      const hint = missing.length > 0 ? ` (this server lacks extension(s) ${missing.join(', ')}: try --image)` : '';
      throw new ConfigError(
        `${role} ${parsed.file}:${position.line}:${position.column} failed before the target could be checked: ${message}${detail ? ` — ${detail}` : ''}${hint}`,
      );
    }
    if (role === 'earlier' && ++earlierDone === earlier) {
      options.progress.info(`${EARLIER} (${earlier}) … ${options.progress.timings[EARLIER] ?? 0} ms`);
    }
    // Dumps and fixtures SET search_path, timeouts and more for the session; the migration must not inherit them.
    if (role !== 'earlier') {
      await client.query('RESET ALL');
      await options.applySettings(client);
    }
  }
  return { findings };
}

const EARLIER = 'apply earlier migrations';

/** Baselines, prerequisites and fixtures are the gate's own setup: loaded as the superuser, not as the runner's role. */
export function ownWork(apply: ApplyOptions): ApplyOptions {
  return Object.fromEntries(Object.entries(apply).filter(([key]) => key !== 'role')) as ApplyOptions;
}

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
