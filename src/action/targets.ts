import path from 'node:path';
import { filesInside } from '../github/pull-files.js';
import { layoutOf, type ToolName } from '../layouts/index.js';
import { changedMigrations, unlistedChanged } from '../layouts/target.js';
import type { RunContext } from './event.js';
import type { ActionHost } from './host.js';

/** What to gate in one migrations directory. */
export type TargetChoice =
  | { kind: 'targets'; targets: string[] }
  /** Not a pull request, or its files could not be listed: the newest migration. */
  | { kind: 'newest' }
  /** The pull request changes no migration here. */
  | { kind: 'skip' };

/** What the pull request changed: its files (repo-relative), or why they are not known. */
export type PullRequestFiles = { files: string[] } | { unknown: string };

/**
 * The migrations to gate: the `target` input, whatever the pull request
 * changes; else the migrations whose files the pull request adds or changes
 * (an up file, its down, a Prisma or Diesel directory); none of them: skip.
 * Outside a pull request, the newest.
 */
export function chooseTargets(
  host: ActionHost,
  explicit: string[],
  changed: PullRequestFiles,
  migrationsDir: { absolute: string; shown: string; tool?: ToolName },
  context: RunContext,
): TargetChoice {
  if (explicit.length > 0) return { kind: 'targets', targets: explicit };
  if ('unknown' in changed) {
    if (context.pullNumber !== undefined) host.warning(`${changed.unknown}; gating the newest migration`);
    return { kind: 'newest' };
  }
  const layout = layoutOf(migrationsDir.absolute, migrationsDir.tool, migrationsDir.shown);
  const inside = filesInside(changed.files, migrationsDir.shown);
  for (const file of unlistedChanged(layout, migrationsDir.absolute, inside, context.workspace)) {
    const shown = path.relative(context.workspace, file.path);
    host.warning(`${shown} is ${file.why}`, { file: shown });
  }
  const migrations = changedMigrations(layout.discover(migrationsDir.absolute), inside, context.workspace);
  if (migrations.length === 0) return { kind: 'skip' };
  host.info(`migrations changed by #${context.pullNumber}: ${migrations.map((m) => m.name).join(', ')}`);
  return { kind: 'targets', targets: migrations.map((m) => path.resolve(context.workspace, m.path)) };
}
