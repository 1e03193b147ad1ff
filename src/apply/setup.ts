import type pg from 'pg';
import { ConfigError } from '../errors.js';
import type { Statement } from '../migrations/model.js';
import type { Progress } from '../progress.js';
import type { GateInputs, SetupFile } from '../inputs.js';
import { inTurn } from '../in-turn.js';
import type { Finding } from '../types.js';
import { applyFile, type ApplyOptions } from './apply.js';
import { prepareBaseline } from './baseline.js';
import { applyEarlier } from './earlier.js';
import type { ReadAhead } from '../catalog/read-ahead.js';

export interface SetupOutcome {
  /** Notes on loading the baseline. */
  findings: Finding[];
  /** Set when an earlier migration does not apply: the target cannot be checked. */
  brokenHistory?: Finding;
}

interface SetupOptions {
  apply: ApplyOptions;
  progress: Progress;
  applySettings: (client: pg.Client) => Promise<void>;
  /** The catalog read while the setup is applied (src/catalog/read-ahead.ts). */
  readAhead?: ReadAhead;
}

/** Baseline, prerequisites, earlier migrations and fixtures; any failure here stops the run. */
export async function applySetup(
  client: pg.Client,
  inputs: GateInputs,
  options: SetupOptions,
  fresh: boolean,
): Promise<SetupOutcome> {
  const findings: Finding[] = [];
  // A real database already holds its baseline and history: they are compared, not applied.
  const applied = inputs.setup.filter((f) => fresh || (f.role !== 'baseline' && f.role !== 'earlier'));
  // In the order loadInputs gives them: the user's files (read already) around the history.
  const before = applied.filter((f): f is SetupFile => f.role === 'baseline' || f.role === 'prerequisite');
  const earlier = applied.filter((f) => f.role === 'earlier');
  const after = applied.filter((f): f is SetupFile => f.role === 'fixture');
  // The catalog is read ahead within a large file, by its statements, and between the messages of a
  // history, by its files (src/catalog/read-ahead.ts).
  const committed = (statements: number, remaining: number, total: number): void =>
    options.readAhead?.committed(statements, remaining, total);
  for (const file of before) findings.push(...(await applyOwn(client, file, options, committed)));
  if (earlier.length > 0) {
    let done = 0;
    const filesCommitted = (count: number): void => {
      done += count;
      options.readAhead?.committed(count, earlier.length - done, earlier.length);
    };
    // A history of thousands of files is one line (and one timing) in the report, not thousands.
    const brokenHistory = await options.progress.quietly(EARLIER, () =>
      applyEarlier(client, inTurn(earlier), { ...options.apply, committed }, filesCommitted),
    );
    if (brokenHistory) return { findings, brokenHistory };
    options.progress.info(`${EARLIER} (${earlier.length}) … ${options.progress.timings[EARLIER] ?? 0} ms`);
  }
  for (const file of after) findings.push(...(await applyOwn(client, file, options, committed)));
  return { findings };
}

const EARLIER = 'apply earlier migrations';

/** A baseline, prerequisite or fixture: the user's own file, whose failure is a usage error. */
async function applyOwn(
  client: pg.Client,
  file: SetupFile,
  options: SetupOptions,
  committed: ApplyOptions['committed'],
): Promise<Finding[]> {
  const { role, parsed } = file;
  if (parsed.syntaxError) {
    const { line, column, message } = parsed.syntaxError;
    throw new ConfigError(`${role} ${parsed.file}:${line}:${column}: ${message}`);
  }
  const prepared =
    role === 'baseline' ? await prepareBaseline(client, parsed) : { skip: new Set<Statement>(), findings: [] };
  const apply = { ...ownWork(options.apply), committed };
  const result = await options.progress.step(`apply ${role} ${parsed.file}`, () =>
    applyFile(client, file, apply, prepared.skip),
  );
  if (result.status === 'failed') {
    const { position, message, detail } = result.error;
    const missing = prepared.findings.filter((f) => f.rule === 'baseline-extension-missing').map((f) => f.object);
    const hint = missing.length > 0 ? ` (this server lacks extension(s) ${missing.join(', ')}: try --image)` : '';
    throw new ConfigError(
      `${role} ${parsed.file}:${position.line}:${position.column} failed before the target could be checked: ${message}${detail ? ` — ${detail}` : ''}${hint}`,
    );
  }
  // Dumps and fixtures SET search_path, timeouts and more for the session; the migration must not inherit them.
  await client.query('RESET ALL');
  await options.applySettings(client);
  return prepared.findings;
}

/** Baselines, prerequisites and fixtures are the gate's own setup: loaded as the superuser, not as the runner's role. */
export function ownWork(apply: ApplyOptions): ApplyOptions {
  return Object.fromEntries(Object.entries(apply).filter(([key]) => key !== 'role')) as ApplyOptions;
}
