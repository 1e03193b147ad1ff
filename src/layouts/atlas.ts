import path from 'node:path';
import { byCodePoint, filesIn, isFile, refuseDuplicateVersions } from './files.js';
import type { Layout } from './model.js';

/** A file directive in the header (the comments before the first statement): `-- atlas:txmode none`. */
const NO_TRANSACTION = /^--\s*atlas:txmode\s+none\s*$/m;

/**
 * Atlas versioned migrations: `<version>[_name].sql` beside `atlas.sum`, in
 * file name order. `atlas migrate apply` runs each file statement by
 * statement inside a transaction of its own (`--tx-mode file`, the default),
 * or without one when its header says `-- atlas:txmode none`. There are no
 * down files: `atlas migrate down` plans the reverse against a dev database.
 */
export const atlas: Layout = {
  tool: 'atlas',
  recognisedBy: '`atlas.sum` beside `<version>_name.sql` files',
  downs: false,
  detect: (dir) => isFile(path.join(dir, 'atlas.sum')),
  discover: (dir) => {
    const names = filesIn(dir).filter((name) => name.endsWith('.sql'));
    refuseDuplicateVersions(
      'Atlas',
      names.map((name) => ({ name, version: name.slice(0, -'.sql'.length).split('_')[0]! })),
    );
    return names.sort(byCodePoint).map((name) => ({ name, path: path.join(dir, name) }));
  },
  source: (_migration, text) => ({
    up: text,
    execution: NO_TRANSACTION.test(header(text)) ? 'autocommit' : 'transaction',
  }),
};

/** The comment and blank lines a file starts with, where Atlas reads its file directives. */
function header(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('--'));
  return lines.slice(0, end === -1 ? lines.length : end).join('\n');
}
