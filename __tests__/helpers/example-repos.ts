import path from 'node:path';
import type { ToolName } from '../../src/layouts/index.js';
import { ROOT } from './cli.js';

/** The example repositories, one per migration tool: `__tests__/repos/<tool>`. */
export const REPOS = path.join(ROOT, '__tests__/repos');

export interface ExampleRepo {
  tool: ToolName;
  /** The migrations directory (--dir), relative to the repository. */
  dir: string;
  /** Every migration, named as --target names it, in the order the tool runs them. */
  migrations: string[];
}

export const EXAMPLE_REPOS: ExampleRepo[] = [
  {
    tool: 'plain',
    dir: 'db/migrations',
    migrations: [
      '001_users.sql',
      '002_teams.sql',
      '003_projects.sql',
      '004_workspaces.sql',
      '005_audit_log.sql',
      '006_audit_log_created_at.sql',
    ],
  },
  {
    tool: 'golang-migrate',
    dir: 'db/migrations',
    migrations: [
      '000001_create_accounts.up.sql',
      '000002_create_teams.up.sql',
      '000003_create_projects.up.sql',
      '000004_rename_teams.up.sql',
      '000005_audit_events.up.sql',
      '000006_audit_events_occurred_at_index.up.sql',
    ],
  },
  {
    tool: 'dbmate',
    dir: 'db/migrations',
    migrations: [
      '20240105093012_create_users.sql',
      '20240105101544_create_teams.sql',
      '20240212141000_create_projects.sql',
      '20240301080000_rename_teams_to_spaces.sql',
      '20240318113020_audit_trail.sql',
      '20240318113500_audit_trail_recorded_at_index.sql',
    ],
  },
  {
    tool: 'goose',
    dir: 'db/migrations',
    migrations: [
      '00001_create_users.sql',
      '00002_teams.sql',
      '00003_projects.sql',
      '00004_backfill_team_slugs.go',
      '00005_rename_teams_to_workspaces.sql',
      '00006_audit_log.sql',
      '00007_audit_log_created_at_index.sql',
    ],
  },
  {
    tool: 'flyway',
    dir: 'src/main/resources/db/migration',
    migrations: [
      'V1__create_members.sql',
      'V1_1__create_teams.sql',
      'V1_2__create_projects.sql',
      'V1_9__rename_teams_to_departments.sql',
      'V1_10__create_audit_entries.sql',
      'V2__audit_entries_created_at_index.sql',
      'R__project_overview.sql',
    ],
  },
  {
    tool: 'node-pg-migrate',
    dir: 'migrations',
    migrations: [
      '1704447012345_create-users.sql',
      '1704453300000_create-teams.sql',
      '1706790000000_create-boards.sql',
      '1708012800000_rename-boards-to-projects.sql',
      '1709251200000_create-activity-log.sql',
      '1709251800000_activity-log-created-at-index.js',
      '1710460800000_activity-log-kind.sql',
    ],
  },
  {
    tool: 'supabase',
    dir: 'supabase/migrations',
    migrations: [
      '20240105093000_profiles.sql',
      '20240106120000_teams.sql',
      '20240120081500_projects.sql',
      '20240215100000_rename_teams_to_orgs.sql',
      '20240301090000_audit_log.sql',
      '20240301091500_audit_log_created_at_index.sql',
    ],
  },
  {
    tool: 'prisma',
    dir: 'prisma/migrations',
    migrations: [
      '20240105093000_init',
      '20240106110000_teams',
      '20240118150000_projects',
      '20240207120000_rename_team_to_workspace',
      '20240304100000_audit_events',
      '20240304101500_audit_events_created_at_index',
    ],
  },
  {
    tool: 'diesel',
    dir: 'migrations',
    migrations: [
      '00000000000000_diesel_initial_setup',
      '2024-01-05-093000_create_users',
      '2024-01-06-120000_create_teams',
      '2024-01-20-081500_create_projects',
      '2024-02-15-100000_rename_teams_to_groups',
      '2024-03-01-090000_create_audit_entries',
      '2024-03-01-091500_index_audit_entries_created_at',
    ],
  },
  {
    tool: 'sqitch',
    dir: '.',
    migrations: [
      'touch_updated_at@v1.0',
      'users',
      'teams',
      'projects',
      'rename_teams_to_squads',
      'audit_log',
      'touch_updated_at',
      'audit_log_created_at_index',
    ],
  },
  {
    tool: 'graphile-migrate',
    dir: 'migrations',
    migrations: [
      'committed/000001.sql',
      'committed/000002.sql',
      'committed/000003.sql',
      'committed/000004.sql',
      'committed/000005.sql',
      'committed/000006.sql',
      'current.sql',
    ],
  },
  {
    tool: 'atlas',
    dir: 'migrations',
    migrations: [
      '20240105093000_create_users.sql',
      '20240106120000_create_teams.sql',
      '20240120081500_create_projects.sql',
      '20240215100000_rename_teams_to_groups.sql',
      '20240301090000_audit_log.sql',
      '20240301091500_audit_log_created_at_index.sql',
    ],
  },
  {
    tool: 'drizzle',
    dir: 'drizzle',
    migrations: [
      '0000_brave_users.sql',
      '0001_quiet_teams.sql',
      '0002_lucky_posts.sql',
      '0003_rename_teams.sql',
      '0004_workspace_slugs.sql',
      '0005_post_published_at.sql',
    ],
  },
];

export function exampleRepo(tool: ToolName): ExampleRepo & { root: string; migrationsDir: string } {
  const repo = EXAMPLE_REPOS.find((r) => r.tool === tool)!;
  const root = path.join(REPOS, tool);
  return { ...repo, root, migrationsDir: path.join(root, repo.dir) };
}
