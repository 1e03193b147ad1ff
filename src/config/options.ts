import path from 'node:path';
import type { GateOptions } from '../gate.js';
import { ConfigError, type LoadedConfig } from './load.js';
import { configSchema } from './schema.js';
import { describeIssues } from './load.js';
import { packNames, packPath } from '../sql-files.js';

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
}

export type ResolvedOptions = Omit<GateOptions, 'progress' | 'target'> & { targets: string[] };

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

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
  if (!dir) throw new ConfigError('--dir is required (or set "dir" in migration-gate.yml)');
  const timeouts = parseTimeouts(flags);
  const baseline = flags.baseline ? fromCwd(flags.baseline) : config.baseline ? fromFile(config.baseline) : undefined;
  const targets = flags.target ?? [];
  return {
    cwd,
    root: base,
    dir,
    targets,
    ...(baseline ? { baseline } : {}),
    prerequisites: flags.prerequisite?.length
      ? flags.prerequisite.map(fromCwd)
      : (config.prerequisites ?? []).map(fromFile),
    fixtures: flags.fixture?.length ? flags.fixture.map(fromCwd) : (config.fixtures ?? []).map(fromFile),
    apply: {
      statementTimeoutMs: timeouts.statement ?? config.timeouts?.statement ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: timeouts.lock ?? config.timeouts?.lock ?? DEFAULT_LOCK_TIMEOUT_MS,
    },
    tenantColumn: config.tenant_column ?? 'org_id',
    rollbackRequired: config.rollback?.required ?? false,
    expectations: config.expectations ?? {},
  };
}

/** `pack:supabase-auth` names a prerequisite pack shipped with the gate. */
function pack(file: string): string | undefined {
  if (!file.startsWith('pack:')) return undefined;
  const name = file.slice('pack:'.length);
  const found = packPath(name);
  if (!found) throw new ConfigError(`unknown prerequisite pack "${name}" (available: ${packNames().join(', ')})`);
  return found;
}

function parseTimeouts(flags: CliFlags): { statement?: number; lock?: number } {
  const timeouts = configSchema.shape.timeouts.unwrap();
  const parsed = timeouts.safeParse({
    ...(flags.statementTimeout !== undefined ? { statement: durationFlag(flags.statementTimeout) } : {}),
    ...(flags.lockTimeout !== undefined ? { lock: durationFlag(flags.lockTimeout) } : {}),
  });
  if (!parsed.success) {
    throw new ConfigError(
      describeIssues('command line', parsed.error.issues)
        .replace(/statement:/, '--statement-timeout:')
        .replace(/lock:/, '--lock-timeout:'),
    );
  }
  return parsed.data;
}

/** `5000` on the command line means milliseconds, like in the file. */
function durationFlag(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}
