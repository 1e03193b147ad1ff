import type { ToolName } from './model.js';

/** How a user of each tool adds the down direction of `file` (a path as shown). */
export function downAdvice(tool: ToolName, file: string): string {
  const base = file.replace(/(\.up)?\.sql$/i, '');
  switch (tool) {
    case 'plain':
      return `add ${base}.down.sql`;
    case 'golang-migrate':
      return `add ${base}.down.sql`;
    case 'dbmate':
      return 'add a -- migrate:down section';
    case 'goose':
      return 'add a -- +goose Down section';
    case 'node-pg-migrate':
      return 'add a -- Down Migration section';
    case 'diesel':
    case 'prisma':
      return `add down.sql beside ${file}`;
    case 'sqitch':
      return `add ${file.replace(/(^|\/)deploy\//, '$1revert/')}`;
    case 'flyway':
      return `add an undo migration U…__ for ${file}`;
    case 'supabase':
    case 'graphile-migrate':
      return `${tool} has no down migrations: write the revert by hand`;
    case 'drizzle':
      return 'drizzle has no down migrations: write the revert as a new migration';
    case 'atlas':
      return 'atlas has no down files: atlas migrate down plans the revert against a dev database';
  }
}
