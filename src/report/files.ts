/**
 * The report files (report.json, report.md, report.sarif) and the directory
 * they go to. A directory that cannot take them is found out before the gate
 * runs, not after minutes of work; and directories are created one level at a
 * time, because Node's recursive mkdir spins forever, deaf to signals, on a
 * path whose parent refuses new entries with ENOENT (`/proc/x`).
 */
import { mkdirSync, mkdtempSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { ConfigError, InfrastructureError } from '../errors.js';
import { displayPath } from '../migrations/files.js';
import type { GateReport } from '../types.js';
import { VERSION } from '../version.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

export interface ReportFiles {
  json: string;
  markdown: string;
  sarif: string;
}

/**
 * Throws a ConfigError, `where` first (`--report-dir out`), when `dir` could
 * not be created or written; leaves nothing behind when it could.
 */
export function checkReportDir(dir: string, where: string, cwd: string): void {
  const { existing, stats } = nearestExisting(dir, where);
  const shown = displayPath(existing, cwd);
  if (!stats.isDirectory()) throw new ConfigError(`${where}: ${shown} is a file, not a directory`);
  try {
    if (existing === dir) {
      const probe = path.join(dir, `.migration-gate-probe-${process.pid}`);
      writeFileSync(probe, '', { flag: 'wx' });
      unlinkSync(probe);
    } else {
      rmdirSync(mkdtempSync(path.join(existing, '.migration-gate-probe-')));
    }
  } catch (error) {
    const what = existing === dir ? 'cannot write files in' : 'cannot create a directory in';
    throw new ConfigError(`${where}: ${what} ${shown}: ${reason(error)}`);
  }
}

/** Writes the three report files into `dir`, creating it; a failure is the environment's, not the report's. */
export function writeReportFiles(dir: string, report: GateReport): ReportFiles {
  const files = {
    json: path.join(dir, 'report.json'),
    markdown: path.join(dir, 'report.md'),
    sarif: path.join(dir, 'report.sarif'),
  };
  let file = dir;
  try {
    makeDirectory(dir);
    file = files.json;
    writeFileSync(file, `${renderJson(report)}\n`);
    file = files.markdown;
    writeFileSync(file, `${renderMarkdown(report)}\n`);
    file = files.sarif;
    writeFileSync(file, `${renderSarif(report, { toolVersion: VERSION })}\n`);
  } catch (error) {
    throw new InfrastructureError(`cannot write ${file}: ${reason(error)}`);
  }
  return files;
}

function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !exists(at); at = path.dirname(at)) missing.unshift(at);
  for (const level of missing) mkdirSync(level);
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    if (isMissing(error) && path.dirname(file) !== file) return false;
    throw error;
  }
}

/** `dir` itself, or the closest ancestor that exists: where something will have to be created. */
function nearestExisting(dir: string, where: string): { existing: string; stats: Stats } {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return { existing: at, stats: statSync(at) };
    } catch (error) {
      if (!isMissing(error) || path.dirname(at) === at) throw new ConfigError(`${where}: ${reason(error)}`);
    }
  }
}

/** ENOTDIR: a component is a file; the walk up reaches it and says so. */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `permission denied (EACCES)`: the system's words, without the syscall and path Node adds. */
function reason(error: unknown): string {
  const { errno, code, message } = error as NodeJS.ErrnoException;
  const described = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  return described ? `${described} (${code})` : message;
}
