/**
 * The repository's SQL files, where a missing prerequisite may be created.
 * Only the repository's: git's own list where there is one (what is tracked,
 * and new files not ignored), else a bounded walk. Never the directories
 * around it: run from `/`, the gate once walked the whole file system.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);
const MAX_FILES = 2_000;
const MAX_DIRS = 5_000;
const GIT_TIMEOUT_MS = 10_000;

export interface SearchScope {
  /** The directory holding migration-gate.yml, when one was read: the user said where the project is. */
  root?: string;
  /** The migrations directory: its repository is the project otherwise. */
  dir: string;
}

/** Absolute paths of at most 2,000 `.sql` files of the project, in a stable order. */
export async function repositorySqlFiles(scope: SearchScope): Promise<string[]> {
  // Without git, the directory above the migrations is the best guess at the project.
  const top = scope.root ?? (await gitTopLevel(scope.dir)) ?? path.dirname(scope.dir);
  return (await gitSqlFiles(top)) ?? walkSqlFiles(top);
}

async function gitTopLevel(dir: string): Promise<string | undefined> {
  const out = await git(dir, ['rev-parse', '--show-toplevel']);
  return out?.trim() || undefined;
}

/** Files under `top` that git tracks or would track; undefined when `top` is not in a repository git will read. */
async function gitSqlFiles(top: string): Promise<string[] | undefined> {
  const out = await git(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ':(icase)*.sql']);
  if (out === undefined) return undefined;
  const files = [...new Set(out.split('\0').filter(Boolean))];
  return files.slice(0, MAX_FILES).map((file) => path.join(top, file));
}

/**
 * git with only what it needs from the environment (no GIT_DIR of a hook
 * leaking in), no fsmonitor hook to run, and a deadline. Any failure — no
 * git, not a repository, a repository owned by another user — is undefined.
 */
async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const env = { PATH: process.env.PATH ?? '', LC_ALL: 'C', ...(process.env.HOME ? { HOME: process.env.HOME } : {}) };
  try {
    const { stdout } = await run('git', ['-c', 'core.fsmonitor=false', ...args], {
      cwd,
      env,
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch {
    return undefined;
  }
}

/** Breadth-first, so a deep tree of unrelated directories cannot hide the project's own files. */
function walkSqlFiles(top: string): string[] {
  const found: string[] = [];
  const queue = [top];
  for (let visited = 0; visited < queue.length && found.length < MAX_FILES; visited++) {
    const dir = queue[visited]!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      // Dirents do not follow symbolic links: a link cannot lead the walk out of the project.
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) {
        if (queue.length < MAX_DIRS) queue.push(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) found.push(full);
    }
  }
  return found.slice(0, MAX_FILES);
}
