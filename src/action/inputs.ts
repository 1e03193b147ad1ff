import * as core from '@actions/core';
import { ConfigError } from '../errors.js';

/** The action's inputs, as in action.yml; `''` (an unset input) becomes undefined. */
export interface ActionInputs {
  config?: string;
  dir?: string;
  targets: string[];
  baseline?: string;
  prerequisites: string[];
  fixtures: string[];
  databaseUrl?: string;
  neonApiKey?: string;
  neonProjectId?: string;
  neonParentBranch?: string;
  neonApiHost?: string;
  postgresImage?: string;
  postgresVersion: string;
  githubToken?: string;
  comment: boolean;
  failOnBlocked: boolean;
  statementTimeout?: string;
  lockTimeout?: string;
}

function text(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

function lines(name: string): string[] {
  return core
    .getMultilineInput(name)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function flag(name: string, fallback: boolean): boolean {
  const value = text(name);
  if (value === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new ConfigError(`input "${name}": expected true or false, got "${value}"`);
}

/** Reads every input; secrets are masked in the log before anything else happens. */
export function readInputs(): ActionInputs {
  const databaseUrl = text('database-url');
  const neonApiKey = text('neon-api-key') ?? (process.env.NEON_API_KEY || undefined);
  const githubToken = text('github-token');
  for (const secret of [databaseUrl, neonApiKey, githubToken]) if (secret) core.setSecret(secret);
  const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, string>);
  return {
    ...optional('config', text('config')),
    ...optional('dir', text('dir')),
    targets: lines('target'),
    ...optional('baseline', text('baseline')),
    prerequisites: lines('prerequisites'),
    fixtures: lines('fixtures'),
    ...optional('databaseUrl', databaseUrl),
    ...optional('neonApiKey', neonApiKey),
    ...optional('neonProjectId', text('neon-project-id')),
    ...optional('neonParentBranch', text('neon-parent-branch')),
    ...optional('neonApiHost', text('neon-api-host')),
    ...optional('postgresImage', text('postgres-image')),
    postgresVersion: text('postgres-version') ?? '17',
    ...optional('githubToken', githubToken),
    comment: flag('comment', true),
    failOnBlocked: flag('fail-on-blocked', true),
    ...optional('statementTimeout', text('statement-timeout')),
    ...optional('lockTimeout', text('lock-timeout')),
  };
}
