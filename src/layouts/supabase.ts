import { readFileSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint, filesIn, markerAbove } from './files.js';
import type { Layout } from './model.js';

/** pkg/migration/file.go: `<timestamp>_name.sql`; other files are skipped with a message. */
const FILE = /^([0-9]+)_(.*)\.sql$/;

/**
 * Supabase CLI: `supabase/migrations/<timestamp>_name.sql`, in file-name
 * order, no downs. Each file runs in a transaction; statements PostgreSQL
 * refuses in one (CREATE INDEX CONCURRENTLY, VACUUM) run on their own between
 * batches, as the CLI does since v2.109.
 */
export const supabase: Layout = {
  tool: 'supabase',
  recognisedBy: 'a `supabase/migrations` directory next to `supabase/config.toml`',
  downs: false,
  detect: (dir) => path.basename(path.resolve(dir)) === 'migrations' && isSupabaseProject(path.resolve(dir, '..')),
  discover: (dir) =>
    filesIn(dir)
      .filter((name) => FILE.test(name))
      .sort(byCodePoint)
      .map((name) => ({ name, path: path.join(dir, name) })),
  source: (_migration, text) => ({ up: text, execution: 'transaction', standaloneNonTransactional: true }),
};

/** The `supabase/` directory of a project made by `supabase init`. */
export function isSupabaseProject(supabaseDir: string): boolean {
  return path.basename(supabaseDir) === 'supabase' && markerAbove(supabaseDir, 'config.toml', 0) !== undefined;
}

/**
 * The schemas the project's API (PostgREST) serves: `[api] schemas` of
 * supabase/config.toml; none when `[api] enabled = false`; undefined when the
 * file does not say.
 */
export function apiSchemas(supabaseDir: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(supabaseDir, 'config.toml'), 'utf8');
  } catch {
    return undefined;
  }
  const uncommented = text.replace(/(^|\s)#[^\n]*/g, '$1');
  // The [api] table runs to the next table header ([api.tls] included) or the end.
  const section = /^\[api\][ \t]*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(uncommented)?.[1];
  if (section === undefined) return undefined;
  if (/^\s*enabled\s*=\s*false\b/m.test(section)) return [];
  const list = /^\s*schemas\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1];
  if (list === undefined) return undefined;
  return [...list.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
}
