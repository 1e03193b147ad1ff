import path from 'node:path';
import type { Octokit } from './octokit.js';

export interface PullFilesParams {
  owner: string;
  repo: string;
  pullNumber: number;
}

/**
 * Statuses whose file exists in the pull request's head. `removed` is gone and
 * `unchanged` (a mode change listed by some APIs) needs no review.
 */
const PRESENT = new Set(['added', 'modified', 'renamed', 'copied', 'changed']);

/**
 * Every file the pull request adds or changes, as repo-relative paths, read
 * once for every migrations directory. Which migrations they belong to is the
 * layout's business (Prisma, Diesel and sqitch keep migrations in
 * sub-directories). GitHub lists at most 3000 files per pull request; a larger
 * one is cut off there (and would be unreviewable anyway).
 */
export async function changedFiles(octokit: Octokit, params: PullFilesParams): Promise<string[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: params.owner,
    repo: params.repo,
    pull_number: params.pullNumber,
    per_page: 100,
  });
  return files.filter((file) => PRESENT.has(file.status)).map((file) => file.filename);
}

/** The files inside `dir` (relative to the repository root), at any depth. */
export function filesInside(files: string[], dir: string): string[] {
  const normalised = normaliseRepoDir(dir);
  return files.filter((file) => isInside(file, normalised));
}

function isInside(filename: string, dir: string): boolean {
  return dir === '.' || filename.startsWith(`${dir}/`);
}

/** `./db/migrations/` and `db\migrations` both become `db/migrations`; the root is `.`. */
function normaliseRepoDir(dir: string): string {
  const posix = path.posix.normalize(dir.replace(/\\/g, '/'));
  return posix.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}
