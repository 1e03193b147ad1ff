/**
 * What both faces do around the pipeline: gate each target in turn, each on a
 * database of its own, and write the report files. The CLI and the action
 * call these, so they cannot drift apart.
 */
import path from 'node:path';
import type { ResolvedOptions } from './config/options.js';
import type { PostgresBinaries } from './database/binaries.js';
import { startEmbedded } from './database/embedded.js';
import { obtainBinaries } from './database/obtain.js';
import { databaseStarter, type DatabaseChoice } from './database/select.js';
import { ConfigError, option } from './errors.js';
import { runGate } from './gate.js';
import { Progress } from './progress.js';
import { writeReportFiles, type ReportFiles } from './report/files.js';
import { withGrammar } from './report/grammar.js';
import type { GateReport } from './types.js';

/** Where a target's database comes from, less the embedded server's binaries (chosen here, by major). */
export type DatabaseRequest = Omit<DatabaseChoice, 'binaries'>;

export interface GateTargetsOptions {
  options: ResolvedOptions;
  /** The migrations to gate; none: the newest. */
  targets: string[];
  /** The database for the target at `index` (a Neon branch is named per target). */
  database: (index: number) => DatabaseRequest;
  /** Where downloaded PostgreSQL binaries are kept. */
  binaryCache: string;
  /** Progress lines of every target. */
  log: (line: string) => void;
  /** Runs around each target: the action opens a log group. */
  around?: <T>(label: string, run: () => Promise<T>) => Promise<T>;
}

/** Gates every target, in order; a usage or infrastructure error stops the run (exit 2). */
export async function gateTargets(run: GateTargetsOptions): Promise<GateReport[]> {
  const { options } = run;
  let provisioned: Promise<PostgresBinaries> | undefined;
  const binaries = (): Promise<PostgresBinaries> =>
    (provisioned ??= obtainBinaries({ major: options.postgresVersion, cache: run.binaryCache, log: run.log }));
  const around = run.around ?? ((_label, fn) => fn());
  const reports: GateReport[] = [];
  const targets = run.targets.length > 0 ? run.targets : [undefined];
  for (const [index, target] of targets.entries()) {
    const request = run.database(index);
    if (options.postgresVersionGiven) refuseVersionWith(request);
    const startDatabase = databaseStarter({ ...request, binaries });
    const report = await around(target ?? 'newest migration', () =>
      runGate({
        ...options,
        target,
        progress: new Progress(run.log),
        startDatabase,
        startScratchDatabase: async (progress) => startEmbedded(progress, await binaries()),
      }),
    );
    reports.push(withGrammar(report));
  }
  return reports;
}

/** The report that decides the run: the first BLOCKED one, else the last. */
export function decidingReport(reports: GateReport[]): GateReport {
  const deciding = reports.find((r) => r.verdict === 'BLOCKED') ?? reports[reports.length - 1];
  if (!deciding) throw new Error('no report: nothing was gated');
  return deciding;
}

/**
 * Writes report.json, report.md and report.sarif: one target's into `dir`,
 * several targets' into a sub-directory each, named after the migration.
 */
export function writeReports(dir: string, reports: GateReport[]): ReportFiles[] {
  if (reports.length === 1) return [writeReportFiles(dir, reports[0]!)];
  return reports.map((report) => writeReportFiles(path.join(dir, report.target.replace(/\.sql$/i, '')), report));
}

/** The version picks the embedded server's binaries; another database has its own version. */
function refuseVersionWith(request: DatabaseRequest): void {
  const other = request.databaseUrl
    ? option('database-url')
    : request.neon?.projectId
      ? option('neon-project-id')
      : request.image
        ? option('image')
        : undefined;
  if (other) {
    throw new ConfigError(
      `${option('postgres-version')} chooses the embedded server's version; with ${other} the gate runs on that server's own version`,
    );
  }
}
