import path from 'node:path';
import * as core from '@actions/core';
import { createOctokit } from '../github/octokit.js';
import { changedFilesIn } from '../github/pull-files.js';
import { layoutOf, type ToolName } from '../layouts/index.js';
import { changedMigrations } from '../layouts/target.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/**
 * The migrations to gate: the `target` input; else the migrations whose files
 * the pull request adds or changes (an up file, its down, a Prisma or Diesel
 * directory); else (none, or not a pull request) the newest.
 */
export async function selectTargets(
  inputs: ActionInputs,
  context: RunContext,
  migrationsDir: { absolute: string; shown: string; tool?: ToolName },
): Promise<string[]> {
  if (inputs.targets.length > 0) return inputs.targets;
  const { owner, repo, pullNumber } = context;
  if (!owner || !repo || pullNumber === undefined || !inputs.githubToken) return [];
  let files: string[];
  try {
    const octokit = createOctokit(inputs.githubToken);
    files = await changedFilesIn(octokit, { owner, repo, pullNumber, dir: migrationsDir.shown });
  } catch (error) {
    core.warning(
      `cannot list the files of pull request #${pullNumber} (${(error as Error).message}); gating the newest migration`,
    );
    return [];
  }
  const layout = layoutOf(migrationsDir.absolute, migrationsDir.tool, migrationsDir.shown);
  const changed = changedMigrations(layout.discover(migrationsDir.absolute), files, context.workspace);
  if (changed.length > 0) core.info(`migrations changed by #${pullNumber}: ${changed.map((m) => m.name).join(', ')}`);
  return changed.map((m) => path.resolve(context.workspace, m.path));
}
