import path from 'node:path';
import * as core from '@actions/core';
import { createOctokit } from '../github/octokit.js';
import { changedMigrationFiles } from '../github/pull-files.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/**
 * The migrations to gate: the `target` input; else the migration files the
 * pull request adds or changes; else (none, or not a pull request) the newest.
 */
export async function selectTargets(inputs: ActionInputs, context: RunContext, dir: string): Promise<string[]> {
  if (inputs.targets.length > 0) return inputs.targets;
  const { owner, repo, pullNumber } = context;
  if (!owner || !repo || pullNumber === undefined || !inputs.githubToken) return [];
  try {
    const octokit = createOctokit(inputs.githubToken);
    const files = await changedMigrationFiles(octokit, { owner, repo, pullNumber, dir });
    if (files.length > 0) core.info(`migrations changed by #${pullNumber}: ${files.join(', ')}`);
    return files.map((file) => path.posix.basename(file));
  } catch (error) {
    core.warning(
      `cannot list the files of pull request #${pullNumber} (${(error as Error).message}); gating the newest migration`,
    );
    return [];
  }
}
