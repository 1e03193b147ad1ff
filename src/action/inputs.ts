import { ConfigError } from '../errors.js';
import type { ActionHost } from './host.js';

/** When the sticky pull request comment is written (`true`/`false` are kept as `always`/`off`). */
export const COMMENT_MODES = ['always', 'on-change', 'blocked-only', 'off'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** `gate` runs the gate; `comment-from-artifact` posts the comment a read-only run left as an artifact (forks). */
export const ACTION_MODES = ['gate', 'comment-from-artifact'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** The action's inputs, as in action.yml; `''` (an unset input) becomes undefined. */
export interface ActionInputs {
  mode: ActionMode;
  workingDirectory?: string;
  config?: string;
  /** Migrations directories, one per line: each is gated on its own, with a sticky comment of its own. */
  dirs: string[];
  tool?: string;
  targets: string[];
  baseline?: string;
  prerequisites: string[];
  fixtures: string[];
  databaseUrl?: string;
  neonApiKey?: string;
  neonProjectId?: string;
  neonParentBranch?: string;
  neonApiHost?: string;
  neonDatabase?: string;
  neonRole?: string;
  /** Seconds until Neon removes the branch by itself. */
  neonBranchExpires?: number;
  neonReuseBranch: boolean;
  neonSchemaOnly: boolean;
  postgresImage?: string;
  postgresVersion?: string;
  githubToken?: string;
  comment: CommentMode;
  minimizeOnApprove: boolean;
  failOnBlocked: boolean;
  statementTimeout?: string;
  lockTimeout?: string;
  /** The artifact a read-only run uploaded its reports as (comment-from-artifact). */
  artifactName: string;
}

export const DEFAULT_ARTIFACT_NAME = 'migration-gate';

/** Reads every input; secrets are masked in the log before anything else happens. */
export function readInputs(host: ActionHost): ActionInputs {
  const text = (name: string): string | undefined => host.input(name).trim() || undefined;
  const lines = (name: string): string[] =>
    host
      .input(name)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  const flag = (name: string, fallback: boolean): boolean => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw new ConfigError(`input "${name}": expected true or false, got "${value}"`);
  };
  const databaseUrl = text('database-url');
  const neonApiKey = text('neon-api-key') ?? (host.env.NEON_API_KEY || undefined);
  const githubToken = text('github-token');
  for (const secret of [databaseUrl, neonApiKey, githubToken]) if (secret) host.setSecret(secret);
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  const expires = text('neon-branch-expires');
  return {
    mode: oneOf('mode', text('mode') ?? 'gate', ACTION_MODES),
    ...optional('workingDirectory', text('working-directory')),
    ...optional('config', text('config')),
    dirs: lines('dir'),
    ...optional('tool', text('tool')),
    targets: lines('target'),
    ...optional('baseline', text('baseline')),
    prerequisites: lines('prerequisites'),
    fixtures: lines('fixtures'),
    ...optional('databaseUrl', databaseUrl),
    ...optional('neonApiKey', neonApiKey),
    ...optional('neonProjectId', text('neon-project-id')),
    ...optional('neonParentBranch', text('neon-parent-branch')),
    ...optional('neonApiHost', text('neon-api-host')),
    ...optional('neonDatabase', text('neon-database')),
    ...optional('neonRole', text('neon-role')),
    ...optional('neonBranchExpires', expires === undefined ? undefined : seconds('neon-branch-expires', expires)),
    neonReuseBranch: flag('neon-reuse-branch', false),
    neonSchemaOnly: flag('neon-schema-only', false),
    ...optional('postgresImage', text('postgres-image')),
    ...optional('postgresVersion', text('postgres-version')),
    ...optional('githubToken', githubToken),
    comment: commentMode(text('comment')),
    minimizeOnApprove: flag('minimize-on-approve', false),
    failOnBlocked: flag('fail-on-blocked', true),
    ...optional('statementTimeout', text('statement-timeout')),
    ...optional('lockTimeout', text('lock-timeout')),
    artifactName: text('artifact-name') ?? DEFAULT_ARTIFACT_NAME,
  };
}

function commentMode(value: string | undefined): CommentMode {
  if (value === undefined || /^(true|yes|on|1)$/i.test(value)) return 'always';
  if (/^(false|no|0)$/i.test(value)) return 'off';
  return oneOf('comment', value.toLowerCase(), COMMENT_MODES);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`input "${name}": expected ${allowed.join(', ')}, got "${value}"`);
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** Neon accepts an expiry at most 30 days ahead. */
const MAX_EXPIRY_SECONDS = 30 * 86_400;

/** `90m`, `2h`, `7d`, or a plain number of seconds. */
function seconds(name: string, value: string): number {
  const match = /^(\d+)\s*([smhd])?$/.exec(value);
  const total = match ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS] : NaN;
  if (!(total >= 60 && total <= MAX_EXPIRY_SECONDS)) {
    throw new ConfigError(`input "${name}": expected a duration from 1m to 30d, like 2h or 7d, got "${value}"`);
  }
  return total;
}
