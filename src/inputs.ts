import path from 'node:path';
import { ConfigError } from './errors.js';
import { discoverMigrations, earlierMigrations, selectTarget, type MigrationFile } from './migrations/discover.js';
import { displayPath, readSqlFile } from './migrations/files.js';
import type { ParsedSql } from './migrations/model.js';
import { parseSql } from './migrations/parse.js';
import { splitSections } from './migrations/sections.js';

/** Where each SQL file comes from, in the order the gate applies them. */
export type SetupRole = 'baseline' | 'prerequisite' | 'earlier' | 'fixture';

export interface SetupFile {
  role: SetupRole;
  parsed: ParsedSql;
}

export interface GateInputs {
  setup: SetupFile[];
  target: ParsedSql;
  targetName: string;
  /** The down migration: a `.down.sql` file or the file's `-- migrate:down` section. */
  down?: ParsedSql;
  migrations: MigrationFile[];
}

export interface InputPaths {
  cwd: string;
  dir: string;
  target?: string;
  baseline?: string;
  prerequisites: string[];
  fixtures: string[];
}

/** Reads and parses every file the run needs, before any database is started. */
export async function loadInputs(paths: InputPaths): Promise<GateInputs> {
  const migrations = discoverMigrations(paths.dir);
  const target = selectTarget(migrations, paths.target, displayPath(paths.dir, paths.cwd));
  const setup: SetupFile[] = [];
  const add = async (role: SetupRole, file: string): Promise<void> => {
    setup.push({ role, parsed: await parseFile(file, paths.cwd, role !== 'earlier') });
  };
  if (paths.baseline) await add('baseline', paths.baseline);
  for (const file of paths.prerequisites) await add('prerequisite', file);
  for (const migration of earlierMigrations(migrations, target)) await add('earlier', migration.path);
  for (const file of paths.fixtures) await add('fixture', file);

  const text = readSqlFile(target.path, paths.cwd);
  const sections = splitSections(text);
  const shown = displayPath(target.path, paths.cwd);
  const parsedTarget = await parseSql(sections.up, shown);
  if (!parsedTarget.syntaxError && parsedTarget.statements.length === 0) {
    throw new ConfigError(`${shown} contains no SQL statements: nothing to check`);
  }
  let down: ParsedSql | undefined;
  if (target.downPath) down = await parseFile(target.downPath, paths.cwd, false);
  else if (sections.down !== undefined) down = await parseSql(sections.down, shown);
  return {
    setup,
    target: parsedTarget,
    targetName: target.name,
    migrations,
    ...(down ? { down } : {}),
  };
}

/**
 * Parses one file's up direction. Files the user hands the gate (baseline,
 * prerequisites, fixtures) must be valid SQL: an error there is a usage error,
 * not a verdict on the migration.
 */
async function parseFile(file: string, cwd: string, strict: boolean): Promise<ParsedSql> {
  const shown = displayPath(file, cwd);
  const parsed = await parseSql(splitSections(readSqlFile(path.resolve(cwd, file), cwd)).up, shown);
  if (strict && parsed.syntaxError) {
    const { line, column, message } = parsed.syntaxError;
    throw new ConfigError(`${shown}:${line}:${column}: ${message}`);
  }
  return parsed;
}
