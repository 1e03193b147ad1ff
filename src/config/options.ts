import { statSync } from 'node:fs';
import path from 'node:path';
import { findMigrations } from '../init/detect.js';
import type { GateOptions } from '../gate.js';
import { ConfigError, option, optionValue } from '../errors.js';
import { DEFAULT_CONFIG_FILE, type LoadedConfig } from './load.js';
import { configSchema, SETTING_NAME } from './schema.js';
import { packNames, packPath } from '../sql-files.js';
import { TOOLS, type ToolName } from '../layouts/model.js';
import { probeSettings } from '../probes/model.js';
import { DEFAULT_POSTGRES_MAJOR, postgresMajor, type PostgresMajor } from '../database/majors.js';

/** Flags as the CLI parses them; the action maps its inputs onto the same shape. */
export interface CliFlags {
  config?: string;
  dir?: string;
  target?: string[];
  baseline?: string;
  prerequisite?: string[];
  fixture?: string[];
  statementTimeout?: string;
  lockTimeout?: string;
  tool?: string;
  /** `--set NAME=VALUE`, repeatable. */
  set?: string[];
  postgresVersion?: string;
}

export type ResolvedOptions = Omit<GateOptions, 'progress' | 'target'> & {
  targets: string[];
  /** The embedded server's major: the flag, else `postgres_version`, else 17. */
  postgresVersion: PostgresMajor;
  /** Given as a flag or input: then it conflicts with a database of another kind. */
  postgresVersionGiven: boolean;
};

/** The fixture entry that asks for generated rows (src/fixtures/generate.ts) instead of naming a file. */
export const GENERATE_FIXTURES = 'generate';

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** A whole run (setup, target, rollback) of a real repository takes seconds; this bounds a runaway one. */
export const DEFAULT_RUN_TIMEOUT_MS = 15 * 60_000;

/**
 * Merges flags over the config file. Paths from flags are relative to the
 * working directory; paths in the file are relative to the file.
 */
export function resolveOptions(flags: CliFlags, loaded: LoadedConfig, cwd: string): ResolvedOptions {
  const { config } = loaded;
  const base = loaded.file ? path.dirname(loaded.file) : cwd;
  const fromFile = (file: string): string => pack(file) ?? path.resolve(base, file);
  const fromCwd = (file: string): string => pack(file) ?? path.resolve(cwd, file);
  const dir = flags.dir ? fromCwd(flags.dir) : config.dir ? fromFile(config.dir) : undefined;
  if (!dir) {
    throw new ConfigError(
      `${option('dir')} is required (or set "dir" in migration-gate.yml; \`migration-gate init\` writes one)${migrationsFoundBelow(cwd, cwd)}`,
    );
  }
  const fileName = loaded.file ? path.relative(cwd, loaded.file) || loaded.file : DEFAULT_CONFIG_FILE;
  checkDirectory(dir, flags.dir ? optionValue('dir', flags.dir) : `${fileName}: dir: ${config.dir}`);
  const timeouts = parseTimeouts(flags);
  const tool = flags.tool ?? config.tool;
  if (tool !== undefined && !isTool(tool)) {
    throw new ConfigError(`${option('tool')}: unknown tool "${tool}" (known: ${TOOLS.join(', ')})`);
  }
  const baseline = flags.baseline ? fromCwd(flags.baseline) : config.baseline ? fromFile(config.baseline) : undefined;
  const targets = flags.target ?? [];
  // `generate` among the fixtures is the row generator, not a file: wherever a fixture can be named.
  const fixtureFlags = flags.fixture?.length ? flags.fixture : undefined;
  const fixtures = fixtureFlags ?? (typeof config.fixtures === 'string' ? [config.fixtures] : (config.fixtures ?? []));
  const fixturePath = fixtureFlags ? fromCwd : fromFile;
  const { postgresVersion: givenVersion } = flags;
  return {
    cwd,
    postgresVersion:
      givenVersion !== undefined
        ? postgresMajor(givenVersion, optionValue('postgres-version', givenVersion))
        : (config.postgres_version ?? DEFAULT_POSTGRES_MAJOR),
    postgresVersionGiven: givenVersion !== undefined,
    ...(loaded.file ? { root: base } : {}),
    dir,
    ...(tool ? { tool } : {}),
    targets,
    ...(baseline ? { baseline } : {}),
    prerequisites: flags.prerequisite?.length
      ? flags.prerequisite.map(fromCwd)
      : (config.prerequisites ?? []).map(fromFile),
    fixtures: fixtures.filter((f) => f !== GENERATE_FIXTURES).map(fixturePath),
    generateFixtures: fixtures.includes(GENERATE_FIXTURES),
    apply: {
      statementTimeoutMs: timeouts.statement ?? config.timeouts?.statement ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: timeouts.lock ?? config.timeouts?.lock ?? DEFAULT_LOCK_TIMEOUT_MS,
      runTimeoutMs: config.timeouts?.run ?? DEFAULT_RUN_TIMEOUT_MS,
    },
    lockTimeoutGiven: timeouts.lock !== undefined || config.timeouts?.lock !== undefined,
    tenantColumn: config.tenant_column ?? 'org_id',
    ...(config.exposed_schemas ? { exposedSchemas: config.exposed_schemas } : {}),
    rules: config.rules ?? {},
    tableSizes: config.table_sizes ?? {},
    session: { ...config.session, ...parseSettings(flags.set ?? []) },
    sessionSource: flags.set?.length ? `${option('set')} / session` : `${fileName}: session`,
    rollbackRequired: config.rollback?.required ?? false,
    expectations: config.expectations ?? {},
    probes: probeSettings(config.probes),
  };
}

/** A missing migrations directory would otherwise be reported as one without migrations. */
function checkDirectory(dir: string, where: string): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    throw new ConfigError(`${where}: no such directory`);
  }
  if (!stats.isDirectory()) throw new ConfigError(`${where}: not a directory`);
}

function isTool(name: string): name is ToolName {
  return (TOOLS as readonly string[]).includes(name);
}

/** `search_path=storage,public` → { search_path: 'storage,public' }. */
function parseSettings(pairs: string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!SETTING_NAME.test(name)) {
      throw new ConfigError(`${option('set')} ${pair}: expected NAME=VALUE with a setting name like search_path`);
    }
    settings[name] = pair.slice(eq + 1).trim();
  }
  return settings;
}

/** `pack:supabase-auth` names a prerequisite pack shipped with the gate. */
function pack(file: string): string | undefined {
  if (!file.startsWith('pack:')) return undefined;
  const name = file.slice('pack:'.length);
  const found = packPath(name);
  if (!found) throw new ConfigError(`unknown prerequisite pack "${name}" (available: ${packNames().join(', ')})`);
  return found;
}

const TIMEOUT_FLAGS = { statement: 'statement-timeout', lock: 'lock-timeout' } as const;

/** The timeout flags, checked by the config file's own rules; a problem names the flag and its value. */
function parseTimeouts(flags: CliFlags): { statement?: number; lock?: number } {
  const given = { statement: flags.statementTimeout, lock: flags.lockTimeout };
  const parsed = configSchema.shape.timeouts.unwrap().safeParse({
    ...(given.statement !== undefined ? { statement: durationFlag(given.statement) } : {}),
    ...(given.lock !== undefined ? { lock: durationFlag(given.lock) } : {}),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof typeof TIMEOUT_FLAGS;
    return `${optionValue(TIMEOUT_FLAGS[key], given[key] ?? '')}: ${issue.message}`;
  });
  throw new ConfigError(problems.join('; '));
}

/** `5000` on the command line means milliseconds, like in the file. */
function durationFlag(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Where the repository's migrations seem to be, below `root`: said when no directory was given, or one
 * that holds none itself (nothing is guessed into a run).
 */
export function migrationsFoundBelow(root: string, cwd: string): string {
  const found = findMigrations(root)
    .filter((f) => f.dir !== root)
    .slice(0, 3);
  if (found.length === 0) return '';
  const named = found.map((f) => `${path.relative(cwd, f.dir) || '.'} (${f.tool}, ${f.migrations.length} migrations)`);
  return `; migrations found in ${named.join(', ')}: try ${optionValue('dir', path.relative(cwd, found[0]!.dir) || '.')}`;
}
