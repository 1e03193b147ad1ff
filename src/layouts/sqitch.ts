import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isFile, markerAbove } from './files.js';
import type { Layout, Migration } from './model.js';

/**
 * sqitch: changes in `sqitch.plan` order, each `deploy/<change>.sql` with
 * `revert/<change>.sql`. sqitch runs every script with psql (ON_ERROR_STOP)
 * and adds no transaction: its scripts say BEGIN … COMMIT themselves. A
 * reworked change keeps its earlier script as `deploy/<change>@<tag>.sql`.
 */
export const sqitch: Layout = {
  tool: 'sqitch',
  recognisedBy: '`sqitch.plan` with `deploy/` and `revert/`',
  downs: true,
  detect: (dir) => topDir(dir) !== undefined,
  discover: (dir) => {
    const top = topDir(dir);
    if (!top) return [];
    return planned(readFileSync(path.join(top, 'sqitch.plan'), 'utf8')).map(({ change, script }): Migration => {
      const revert = path.join(top, 'revert', `${script}.sql`);
      return {
        name: script,
        path: path.join(top, 'deploy', `${script}.sql`),
        ...(isFile(revert) ? { downPath: revert } : {}),
        ...(isFile(path.join(top, 'deploy', `${script}.sql`)) ? {} : { opaque: `deploy/${change}.sql is missing` }),
      };
    });
  },
  source: (_migration, text) => ({ up: text, execution: 'autocommit', psql: true }),
};

/** The directory holding sqitch.plan: the one given, or the parent of a `deploy/` given. */
function topDir(dir: string): string | undefined {
  if (isFile(path.join(dir, 'sqitch.plan'))) return dir;
  const above = markerAbove(dir, 'sqitch.plan', 1);
  return above && path.basename(path.resolve(dir)) === 'deploy' ? above : undefined;
}

/**
 * Changes in plan order with the script each deploys: a change listed again
 * later (reworked) deploys `<change>@<tag>.sql` at its earlier place, the tag
 * being the first one after it.
 */
export function planned(plan: string): { change: string; script: string }[] {
  const entries: ({ kind: 'change'; name: string } | { kind: 'tag'; name: string })[] = [];
  for (const raw of plan.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('%') || line.startsWith('#')) continue;
    const name = line.split(/\s+/)[0]!;
    entries.push(name.startsWith('@') ? { kind: 'tag', name: name.slice(1) } : { kind: 'change', name });
  }
  return entries.flatMap((entry, i) => {
    if (entry.kind !== 'change') return [];
    const reworkedLater = entries.slice(i + 1).some((e) => e.kind === 'change' && e.name === entry.name);
    if (!reworkedLater) return [{ change: entry.name, script: entry.name }];
    const tag = entries.slice(i + 1).find((e) => e.kind === 'tag');
    return [{ change: entry.name, script: tag ? `${entry.name}@${tag.name}` : entry.name }];
  });
}
