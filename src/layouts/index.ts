import path from 'node:path';
import { ConfigError, option } from '../errors.js';
import { atlas } from './atlas.js';
import { dbmate } from './dbmate.js';
import { diesel } from './diesel.js';
import { drizzle } from './drizzle.js';
import { directoriesIn, filesIn, readingOnce } from './files.js';
import { flyway } from './flyway.js';
import { golangMigrate } from './golang-migrate.js';
import { goose } from './goose.js';
import { graphileMigrate } from './graphile-migrate.js';
import type { Layout, ToolName } from './model.js';
import { nodePgMigrate } from './node-pg-migrate.js';
import { plain } from './plain.js';
import { prisma } from './prisma.js';
import { sqitch } from './sqitch.js';
import { supabase } from './supabase.js';

export type { Execution, Layout, Migration, MigrationSource, ToolName } from './model.js';
export { TOOLS } from './model.js';

/** In detection order: the most specific evidence first, plain numbered files last. */
export const LAYOUTS: readonly Layout[] = [
  sqitch,
  atlas,
  drizzle,
  graphileMigrate,
  prisma,
  diesel,
  supabase,
  flyway,
  goose,
  dbmate,
  nodePgMigrate,
  golangMigrate,
  plain,
];

/**
 * The layout of `dir`: the one `tool` names, else the first whose evidence is
 * there. A directory no layout recognises is a configuration error that says
 * what is in it and which layouts the gate knows.
 */
export function layoutOf(
  dir: string,
  tool: ToolName | undefined,
  shownDir: string,
  /** Where migrations were found below `dir`, said first when it holds none itself. */
  below: () => string = () => '',
): Layout {
  if (tool) return LAYOUTS.find((layout) => layout.tool === tool)!;
  const found = readingOnce(() => LAYOUTS.find((layout) => layout.detect(dir)));
  if (found) return found;
  throw new ConfigError(
    `no migrations recognised in ${shownDir}: ${contents(dir)}${below()}. Known layouts: ${LAYOUTS.map((l) => `${l.tool} (${l.recognisedBy})`).join('; ')}. Name the tool with ${option('tool')} or "tool:" in migration-gate.yml`,
  );
}

/** "3 files (a.txt, b.sql, …) and 2 sub-directories (x/, y/)", for the message above. */
function contents(dir: string): string {
  const files = filesIn(dir);
  const dirs = directoriesIn(dir);
  if (files.length === 0 && dirs.length === 0) return 'it is empty';
  const named = (names: string[], suffix = ''): string =>
    `${names
      .slice(0, 5)
      .map((n) => n + suffix)
      .join(', ')}${names.length > 5 ? ', …' : ''}`;
  const parts = [];
  if (files.length > 0) parts.push(`${files.length} file(s) (${named(files)})`);
  if (dirs.length > 0)
    parts.push(`${dirs.length} sub-director${dirs.length === 1 ? 'y' : 'ies'} (${named(dirs, path.sep)})`);
  return `found ${parts.join(' and ')}`;
}
