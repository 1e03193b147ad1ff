import { readdirSync } from 'node:fs';
import path from 'node:path';
import { LAYOUTS, type Layout, type ToolName } from '../layouts/index.js';
import { head, isFile, readingOnce } from '../layouts/files.js';

/** A directory some layout recognises, with what it holds. */
export interface FoundMigrations {
  /** Absolute. */
  dir: string;
  tool: ToolName;
  migrations: string[];
}

/** Directories never searched: dependencies, build output, version control. */
const SKIPPED = new Set(['node_modules', 'vendor', 'dist', 'build', 'target', 'out', 'coverage', 'tmp']);
const MAX_DEPTH = 6;
/** A repository too large to walk quickly is named with --dir. */
const MAX_DIRECTORIES = 5_000;

/**
 * The migrations directories of a repository, most likely first: a tool with
 * markers of its own (Prisma, Flyway, Supabase, …) before plain numbered
 * files; a directory named like migrations before one that is not (numbered
 * prerequisites or fixtures); the shallower, then the fuller.
 */
export function findMigrations(root: string, tool?: ToolName): FoundMigrations[] {
  const layouts = tool ? LAYOUTS.filter((layout) => layout.tool === tool) : LAYOUTS;
  const found: (FoundMigrations & { rank: number[] })[] = [];
  for (const { dir, depth } of directories(root)) {
    const layout = recognising(layouts, dir);
    if (!layout) continue;
    const migrations = layout.discover(dir).map((m) => m.name);
    if (migrations.length === 0) continue;
    const rank = [
      layout.tool === 'plain' ? 1 : 0,
      /migrat/i.test(path.basename(dir)) || layout.tool !== 'plain' ? 0 : 1,
      depth,
      -migrations.length,
    ];
    found.push({ dir, tool: layout.tool, migrations, rank });
  }
  found.sort((a, b) => compareRanks(a.rank, b.rank) || a.dir.localeCompare(b.dir));
  // A directory inside one already found belongs to it (graphile-migrate's committed/).
  const kept = found.filter(
    (candidate, i) => !found.slice(0, i).some((other) => candidate.dir.startsWith(other.dir + path.sep)),
  );
  return kept.map(({ dir, tool: name, migrations }) => ({ dir, tool: name, migrations }));
}

function recognising(layouts: readonly Layout[], dir: string): Layout | undefined {
  try {
    return readingOnce(() => layouts.find((layout) => layout.detect(dir)));
  } catch {
    return undefined;
  }
}

function* directories(root: string): Generator<{ dir: string; depth: number }> {
  const queue = [{ dir: root, depth: 0 }];
  let seen = 0;
  while (queue.length > 0 && seen++ < MAX_DIRECTORIES) {
    const next = queue.shift()!;
    yield next;
    if (next.depth >= MAX_DEPTH) continue;
    let names: string[];
    try {
      names = readdirSync(next.dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name))
        .map((e) => e.name)
        .sort();
    } catch {
      continue;
    }
    for (const name of names) queue.push({ dir: path.join(next.dir, name), depth: next.depth + 1 });
  }
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Files where a repository that uses Neon says so: its driver, its hostnames, its GitHub actions. */
const NEON_EVIDENCE = ['package.json', '.env.example', '.env.sample', '.env.template', 'drizzle.config.ts'];

/** Whether the repository uses Neon (then the workflow gates on a branch of production). */
export function usesNeon(root: string): boolean {
  const workflows = path.join(root, '.github', 'workflows');
  let workflowFiles: string[] = [];
  try {
    workflowFiles = readdirSync(workflows).map((name) => path.join(workflows, name));
  } catch {
    // No workflows yet.
  }
  return [...NEON_EVIDENCE.map((name) => path.join(root, name)), ...workflowFiles].some(
    (file) => isFile(file) && /neon\.tech|@neondatabase\/|neondatabase\/[\w-]+-action/.test(head(file, 65_536)),
  );
}
