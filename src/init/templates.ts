import type { PostgresMajor } from '../database/majors.js';
import type { ToolName } from '../layouts/index.js';
import { ACTION_REPOSITORY } from '../version.js';

export interface Setup {
  /** The migrations directory, relative to the config file. */
  dir: string;
  tool: ToolName;
  postgresVersion: PostgresMajor;
  /** The config file, relative to the repository root. */
  configPath: string;
  neon: boolean;
}

/** migration-gate.yml: the detected keys, and the main others commented out with what they do. */
export function configFile(setup: Setup): string {
  const supabase = setup.tool === 'supabase';
  return [
    '# migration-gate.yml, written by `migration-gate init`. Every key is optional but dir;',
    '# paths are relative to this file. All keys: docs/configuration.md',
    '',
    '# The migrations directory, and the tool that runs it: how its files are named,',
    '# ordered and sent to PostgreSQL.',
    `dir: ${yamlString(setup.dir)}`,
    `tool: ${setup.tool}`,
    '',
    '# The PostgreSQL major version production runs (14, 15, 16, 17 or 18).',
    `postgres_version: ${setup.postgresVersion}`,
    '',
    '# What production has before the migrations: its schema (pg_dump --schema-only),',
    '# then objects no migration creates (roles, extensions, tables of other services).',
    '# baseline: db/schema.sql',
    supabase
      ? "# Supabase's roles, auth and storage schemas, extensions and realtime publication come with the supabase-auth pack, applied by itself."
      : '# prerequisites: [db/prerequisites/roles.sql, pack:supabase-auth]',
    '',
    '# Test data applied just before the migration under review (a NOT NULL column added',
    '# to a table with rows, a unique index over duplicates: only data shows those).',
    '# fixtures: [db/fixtures/sample.sql]',
    '',
    '# Limits: each statement, each lock wait.',
    '# timeouts: { statement: 30s, lock: 5s }',
    '',
    '# Tables with this column must have row level security.',
    '# tenant_column: org_id',
    '',
    '# A rule switched off or given another severity (off, warning, error): docs/rules.md',
    '# rules:',
    '#   unindexed-foreign-key: error',
    '',
  ].join('\n');
}

/** .github/workflows/migration-gate.yml: runs on every pull request, comments, fails on BLOCKED. */
export function workflowFile(setup: Setup): string {
  const inputs = [`config: ${yamlString(setup.configPath)}`];
  if (setup.neon) {
    inputs.push(
      '# On a branch of your Neon project, one per pull request, reset on every run.',
      '# Pull requests from forks get no secrets: they are gated on the embedded server.',
      "neon-project-id: ${{ !github.event.pull_request.head.repo.fork && vars.NEON_PROJECT_ID || '' }}",
      'neon-api-key: ${{ secrets.NEON_API_KEY }}',
      'neon-reuse-branch: true',
      'neon-branch-expires: 7d',
    );
  }
  if (setup.tool === 'supabase') {
    inputs.push(
      "# Supabase's own image instead of the embedded server with the supabase-auth pack:",
      '# postgres-image: supabase/postgres:17.4.1.054',
    );
  }
  return [
    '# Written by `migration-gate init`. On every pull request the gate applies the',
    '# migrations it adds or changes to a throw-away PostgreSQL and comments the verdict;',
    '# a pull request that changes none is SKIPPED in seconds, so this workflow needs no',
    '# paths filter and can be a required status check.',
    'name: migration-gate',
    '',
    'on:',
    '  pull_request:',
    '',
    'permissions:',
    '  contents: read # checkout',
    '  pull-requests: write # the sticky comment, and the list of changed files',
    '',
    'concurrency:',
    '  group: migration-gate-${{ github.event.pull_request.number }}',
    '  cancel-in-progress: true',
    '',
    'jobs:',
    '  gate:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 15',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: ${ACTION_REPOSITORY}@v1`,
    '        with:',
    ...inputs.map((line) => `          ${line}`),
    '',
  ].join('\n');
}

/** A plain scalar when YAML reads it back as the same string, else quoted. */
function yamlString(value: string): string {
  return /^[\w./-]+$/.test(value) && !/^[\d.]+$/.test(value) ? value : JSON.stringify(value);
}
