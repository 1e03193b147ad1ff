import path from 'node:path';
import { compareMigrationNames } from '../migrations/discover.js';
import type { Octokit } from './octokit.js';

export interface PullFilesParams {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The migrations directory, relative to the repository root. */
  dir: string;
}

/**
 * Statuses whose file exists in the pull request's head. `removed` is gone and
 * `unchanged` (a mode change listed by some APIs) needs no review.
 */
const PRESENT = new Set(['added', 'modified', 'renamed', 'copied', 'changed']);

const SQL = /\.sql$/i;
const DOWN = /\.down\.sql$/i;

/**
 * The up migrations the pull request adds or changes in `dir`, as
 * repo-relative paths in migration order: the default targets of the gate.
 *
 * Only direct children of `dir` count, as discovery does not descend into
 * sub-directories. GitHub lists at most 3000 files per pull request; a larger
 * one is cut off there (and would be unreviewable anyway).
 */
export async function changedMigrationFiles(octokit: Octokit, params: PullFilesParams): Promise<string[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: params.owner,
    repo: params.repo,
    pull_number: params.pullNumber,
    per_page: 100,
  });
  const dir = normaliseRepoDir(params.dir);
  return files
    .filter((file) => PRESENT.has(file.status) && isUpMigrationIn(file.filename, dir))
    .map((file) => file.filename)
    .sort((a, b) => compareMigrationNames(path.posix.basename(a), path.posix.basename(b)));
}

function isUpMigrationIn(filename: string, dir: string): boolean {
  return path.posix.dirname(filename) === dir && SQL.test(filename) && !DOWN.test(filename);
}

/** `./db/migrations/` and `db\migrations` both become `db/migrations`; the root is `.`. */
function normaliseRepoDir(dir: string): string {
  const posix = path.posix.normalize(dir.replace(/\\/g, '/'));
  return posix.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}
