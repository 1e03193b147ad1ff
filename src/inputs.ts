import path from 'node:path';
import { ConfigError } from './errors.js';
import { migrationsFoundBelow } from './config/options.js';
import {
  layoutOf,
  type Execution,
  type Layout,
  type Migration,
  type MigrationSource,
  type ToolName,
} from './layouts/index.js';
import { apiSchemas } from './layouts/supabase.js';
import { selectTarget, unlistedTarget } from './layouts/target.js';
import { displayPath, readSqlFile } from './migrations/files.js';
import type { ParsedSql } from './migrations/model.js';
import { splitLight } from './migrations/light.js';
import { ReadEarly } from './in-turn.js';
import { mayOutlive } from './migrations/side-effects.js';
import { parseSql } from './migrations/parse.js';
import { packPath } from './sql-files.js';
import type { Finding } from './types.js';

/** Where each SQL file comes from, in the order the gate applies them. */
export type SetupRole = 'baseline' | 'prerequisite' | 'earlier' | 'fixture';

/** How the file is sent to the server, as its tool (or psql, for the user's own files) does. */
export interface RunSemantics {
  execution: Execution;
  /** Statements that refuse a transaction block run on their own, between batches (Supabase CLI). */
  standaloneNonTransactional?: boolean;
  /** psql meta-commands belong to the language here (sqitch runs psql). */
  psql?: boolean;
}

export interface SqlFile {
  parsed: ParsedSql;
  run: RunSemantics;
}

export interface SetupFile extends SqlFile {
  role: SetupRole;
}

/**
 * An earlier migration, read and split only when its turn comes (see
 * `inTurn`): a history of thousands of files no longer stands between the
 * server being up and the first file being applied.
 */
export interface PendingFile {
  role: 'earlier';
  load: () => Promise<SqlFile>;
}

export type SetupEntry = SetupFile | PendingFile;

export interface GateInputs {
  layout: Layout;
  /** In the order they are applied; the earlier migrations still to be read (see `inTurn`). */
  setup: SetupEntry[];
  target: ParsedSql;
  targetRun: RunSemantics;
  targetName: string;
  /** The down migration: a separate file or the file's own down section, run as its tool runs it. */
  down?: SqlFile;
  migrations: Migration[];
  /** Earlier migrations the gate cannot run (a goose `.go` file), each a warning. */
  notes: Finding[];
  /** Session settings the tool's runner has in production (under the user's own). */
  session: Record<string, string>;
  /** Schemas an HTTP API serves, unless `exposed_schemas:` says otherwise: Supabase's; none for a plain database. */
  exposedSchemas: string[];
}

export interface InputPaths {
  cwd: string;
  dir: string;
  target?: string;
  baseline?: string;
  prerequisites: string[];
  fixtures: string[];
  /** The migration tool, when configured; detected from the directory otherwise. */
  tool?: ToolName;
}

/** The user's own SQL files (baseline, prerequisites, fixtures) are run as psql runs them. */
const PSQL: RunSemantics = { execution: 'autocommit', psql: true };

/**
 * Reads and parses the files the run needs before any database is started:
 * all but the earlier migrations, which are read as they are applied.
 */
export async function loadInputs(paths: InputPaths): Promise<GateInputs> {
  const shownDir = displayPath(paths.dir, paths.cwd);
  const layout = layoutOf(paths.dir, paths.tool, shownDir, () => migrationsFoundBelow(paths.dir, paths.cwd));
  const migrations = layout.discover(paths.dir);
  if (migrations.length === 0) {
    throw new ConfigError(`no ${layout.tool} migrations in ${shownDir} (expected ${layout.recognisedBy})`);
  }
  const unlisted = paths.target === undefined ? undefined : unlistedTarget(layout, paths.dir, paths.target, paths.cwd);
  if (unlisted) throw new ConfigError(`${displayPath(unlisted.path, paths.cwd)} is ${unlisted.why}`);
  const target = selectTarget(migrations, paths.target, shownDir, paths.cwd);
  if (target.opaque) {
    throw new ConfigError(`${displayPath(target.path, paths.cwd)} is ${target.opaque}; the gate checks SQL migrations`);
  }
  const setup: SetupEntry[] = [];
  const notes: Finding[] = [];
  const own = async (role: SetupRole, file: string): Promise<void> => {
    const shown = displayPath(file, paths.cwd);
    const text = readSqlFile(path.resolve(paths.cwd, file), paths.cwd);
    setup.push({ role, parsed: strict(role, await parseForRole(role, text, shown)), run: PSQL });
  };
  const defaults = layoutDefaults(layout, paths);
  if (paths.baseline) await own('baseline', paths.baseline);
  for (const file of defaults.prerequisites) await own('prerequisite', file);
  const early = new ReadEarly();
  for (const migration of migrations.slice(0, migrations.indexOf(target))) {
    if (migration.opaque) {
      notes.push(opaqueNote(migration, paths.cwd));
      continue;
    }
    const load = (): Promise<SqlFile> => loadEarlier(layout, migration, paths.cwd);
    setup.push({ role: 'earlier', load: early.takes(migration.path) ? early.read(load) : load });
  }
  for (const file of paths.fixtures) await own('fixture', file);

  const loaded = await loadMigration(layout, target, paths.cwd);
  const { parsed } = loaded.up;
  if (!parsed.syntaxError && parsed.statements.length === 0) {
    throw new ConfigError(`${parsed.file} contains no SQL statements: nothing to check`);
  }
  return {
    layout,
    setup,
    target: parsed,
    targetRun: loaded.up.run,
    targetName: target.name,
    migrations,
    notes,
    session: defaults.session,
    exposedSchemas: defaults.exposedSchemas,
    ...(loaded.down ? { down: loaded.down } : {}),
  };
}

/**
 * What a Supabase project has before its first migration: the platform's
 * roles, auth schema and extensions (the supabase-auth pack, unless a
 * baseline dump brings the real ones), the CLI role's search_path, and an
 * API that serves the schemas config.toml lists (`public` by default). The
 * pack used with another tool means a Supabase database too.
 */
function layoutDefaults(
  layout: Layout,
  paths: InputPaths,
): { prerequisites: string[]; session: Record<string, string>; exposedSchemas: string[] } {
  const pack = packPath('supabase-auth')!;
  if (layout.tool !== 'supabase') {
    const exposedSchemas = paths.prerequisites.includes(pack) ? ['public'] : [];
    return { prerequisites: paths.prerequisites, session: {}, exposedSchemas };
  }
  const withPack =
    paths.baseline || paths.prerequisites.includes(pack) ? paths.prerequisites : [pack, ...paths.prerequisites];
  return {
    prerequisites: withPack,
    session: { search_path: '"$user", public, extensions' },
    exposedSchemas: apiSchemas(path.resolve(paths.dir, '..')) ?? ['public'],
  };
}

/** One migration's directions, parsed, each with the way its tool runs it. */
async function loadMigration(
  layout: Layout,
  migration: Migration,
  cwd: string,
): Promise<{ up: SqlFile; down?: SqlFile }> {
  const shown = displayPath(migration.path, cwd);
  const source = layout.source(migration, readSqlFile(migration.path, cwd));
  const data = source.up.length > DATA_SIZED;
  const up = await sqlFile(source, source.up, source.execution, shown, data ? () => true : undefined, {
    plainInserts: data,
  });
  if (migration.downPath) {
    const downSource = layout.source(migration, readSqlFile(migration.downPath, cwd));
    return {
      up,
      down: await sqlFile(downSource, downSource.up, downSource.execution, displayPath(migration.downPath, cwd)),
    };
  }
  if (source.down === undefined) return { up };
  return { up, down: await sqlFile(source, source.down, source.downExecution ?? source.execution, shown) };
}

/**
 * A migration under review this large is mostly data: its plain INSERTs are
 * read by the scanner (src/migrations/plain-insert.ts), every other statement
 * parsed. Parsed whole, 20 MB of INSERTs took 11–15 s and 735 MB of the
 * parser's memory, which it never gives back.
 */
const DATA_SIZED = 1024 * 1024;

/** An earlier migration is only run: its up direction, split by the scanner (see light.ts). */
async function loadEarlier(layout: Layout, migration: Migration, cwd: string): Promise<SqlFile> {
  const source = layout.source(migration, readSqlFile(migration.path, cwd));
  return sqlFile(source, source.up, source.execution, displayPath(migration.path, cwd), () => false);
}

/**
 * What the gate reads of the user's own files: a baseline's roles and
 * extensions (to make a dump load), the statements of test data that could
 * outlive a rolled-back run; a prerequisite is small: all of it.
 */
function parseForRole(role: SetupRole, text: string, shown: string): Promise<ParsedSql> {
  if (role === 'baseline') return parseLight(text, shown, (words) => [...BASELINE_WORDS].some((w) => words.has(w)));
  if (role === 'fixture') return parseLight(text, shown, mayOutlive);
  return parseSql(text, shown);
}

const BASELINE_WORDS = new Set(['owner', 'grant', 'revoke', 'policy', 'extension', 'role', 'comment']);
async function parseLight(
  text: string,
  shown: string,
  needsParse: (words: ReadonlySet<string>) => boolean,
  options: { plainInserts?: boolean } = {},
): Promise<ParsedSql> {
  return (await splitLight(text, shown, needsParse, options)) ?? parseSql(text, shown);
}

/** One direction's text, parsed, with the semantics its tool gives it. */
async function sqlFile(
  source: MigrationSource,
  text: string,
  execution: Execution,
  shown: string,
  light?: (words: ReadonlySet<string>) => boolean,
  options: { plainInserts?: boolean } = {},
): Promise<SqlFile> {
  const parsed = light ? await parseLight(text, shown, light, options) : await parseSql(text, shown);
  const refusing = parsed.statements.filter((s) => s.nonTransactional).length;
  const mode = source.autocommitWhenNonTransactional;
  const autocommit = mode !== undefined && refusing > 0 && (mode === 'mixed' || refusing === parsed.statements.length);
  const run: RunSemantics = {
    execution: autocommit ? 'autocommit' : execution,
    ...(source.standaloneNonTransactional ? { standaloneNonTransactional: true } : {}),
    ...(source.psql ? { psql: true } : {}),
  };
  return { parsed, run };
}

/**
 * Files the user hands the gate (baseline, prerequisites, fixtures) must be
 * valid SQL: an error there is a usage error, not a verdict on the migration.
 */
function strict(role: SetupRole, parsed: ParsedSql): ParsedSql {
  if (parsed.syntaxError) {
    const { line, column, message } = parsed.syntaxError;
    throw new ConfigError(`${role} ${parsed.file}:${line}:${column}: ${message}`);
  }
  return parsed;
}

function opaqueNote(migration: Migration, cwd: string): Finding {
  return {
    severity: 'warning',
    rule: 'opaque-migration',
    message: `${migration.name} is ${migration.opaque}: the gate cannot run it, so whatever it does is missing here`,
    file: displayPath(migration.path, cwd),
    task: 'readiness',
  };
}
