import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_POSTGRES_MAJOR, type PostgresMajor } from '../database/majors.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_CONFIG_FILE } from '../config/load.js';
import { layoutOf, type ToolName } from '../layouts/index.js';
import { markerAbove } from '../layouts/files.js';
import { findMigrations, usesNeon, type FoundMigrations } from './detect.js';
import { configFile, workflowFile, type Setup } from './templates.js';

export interface InitOptions {
  cwd: string;
  dir?: string;
  tool?: ToolName;
  postgresVersion?: PostgresMajor;
  force?: boolean;
}

const WORKFLOW = path.join('.github', 'workflows', 'migration-gate.yml');

/**
 * Sets a repository up: finds its migrations and their tool, writes
 * migration-gate.yml in `cwd` and the workflow at the repository's root, and
 * says what to do next. Nothing is overwritten without `force`, and nothing
 * is written unless everything can be.
 */
export function initRepository(options: InitOptions): string {
  const { cwd } = options;
  const root = markerAbove(cwd, '.git', 20) ?? cwd;
  const found = chosen(options);
  const files = {
    config: path.join(cwd, DEFAULT_CONFIG_FILE),
    workflow: path.join(root, WORKFLOW),
  };
  const existing = Object.values(files).filter((file) => existsSync(file));
  if (existing.length > 0 && !options.force) {
    const names = existing.map((file) => path.relative(cwd, file) || file).join(' and ');
    throw new ConfigError(
      `${names} already exist${existing.length === 1 ? 's' : ''}: nothing written (--force overwrites)`,
    );
  }
  const setup: Setup = {
    dir: path.relative(cwd, found.dir).split(path.sep).join('/') || '.',
    tool: found.tool,
    postgresVersion: options.postgresVersion ?? DEFAULT_POSTGRES_MAJOR,
    configPath: path.relative(root, files.config).split(path.sep).join('/'),
    neon: usesNeon(root),
  };
  writeFileSync(files.config, configFile(setup));
  mkdirSync(path.dirname(files.workflow), { recursive: true });
  writeFileSync(files.workflow, workflowFile(setup));
  return nextSteps(found, setup, files, cwd);
}

/** The directory named with --dir (its tool detected or named), else the likeliest one found. */
function chosen(options: InitOptions): FoundMigrations & { others: FoundMigrations[] } {
  if (options.dir) {
    const dir = path.resolve(options.cwd, options.dir);
    const layout = layoutOf(dir, options.tool, options.dir);
    return { dir, tool: layout.tool, migrations: layout.discover(dir).map((m) => m.name), others: [] };
  }
  const [first, ...others] = findMigrations(options.cwd, options.tool);
  if (!first) {
    throw new ConfigError(
      `no migrations found below ${options.cwd}${options.tool ? ` for ${options.tool}` : ''}: name the directory with --dir (and the tool with --tool)`,
    );
  }
  return { ...first, others };
}

function nextSteps(
  found: FoundMigrations & { others: FoundMigrations[] },
  setup: Setup,
  files: { config: string; workflow: string },
  cwd: string,
): string {
  const shown = (file: string): string => path.relative(cwd, file) || '.';
  const count = found.migrations.length;
  const lines = [
    `Found ${count} ${found.tool} migration${count === 1 ? '' : 's'} in ${setup.dir} (newest: ${found.migrations[count - 1]}).`,
  ];
  if (found.others.length > 0) {
    const others = found.others.map((other) => `${shown(other.dir)} (${other.tool})`).join(', ');
    lines.push(
      `Also found: ${others}. To gate another, run init again with --dir, or list them in the workflow's dir input.`,
    );
  }
  lines.push(
    `Wrote ${shown(files.config)}`,
    `Wrote ${shown(files.workflow)}${setup.neon ? ' (Neon: on a branch of your project)' : ''}`,
  );
  lines.push(
    '',
    'Next:',
    '  1. Run the gate here on the newest migration:  npx migration-gate check',
    '     A missing table or role that production has: add a baseline or prerequisites in migration-gate.yml.',
    ...(setup.neon
      ? [
          '  2. Add the repository secret NEON_API_KEY and the variable NEON_PROJECT_ID (Settings → Secrets and variables).',
        ]
      : []),
    `  ${setup.neon ? 3 : 2}. Commit both files; the next pull request that adds a migration gets the verdict as a comment.`,
    `  ${setup.neon ? 4 : 3}. Make "migration-gate / gate" a required status check (Settings → Branches), so BLOCKED stops the merge.`,
    '',
  );
  return lines.join('\n');
}
