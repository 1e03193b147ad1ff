import path from 'node:path';
import { byNumericPrefix, filesIn, refuseDuplicateVersions, someFileHas } from './files.js';
import type { Layout } from './model.js';
import { splitSections } from './sections.js';

/** goose's annotations are case-insensitive comments: `-- +goose Up`, `-- +goose NO TRANSACTION`. */
const MARKER = /^--\s*\+goose\s+(up|down)\b[^\n]*$/gim;
const NO_TRANSACTION = /^--\s*\+goose\s+no\s+transaction\b/im;
/** goose's NumericComponent: a positive version before the first underscore. */
const FILE = /^(\d+)_.*\.(sql|go)$/;

/**
 * goose: `00001_name.sql` with `-- +goose Up` / `-- +goose Down` in the same
 * file, ordered by version. Statements are sent one by one inside a
 * transaction, or each on its own with `-- +goose NO TRANSACTION`. Go
 * migrations are compiled into a binary: the gate can only name them.
 */
export const goose: Layout = {
  tool: 'goose',
  recognisedBy: '`-- +goose Up` / `-- +goose Down` annotations',
  downs: true,
  detect: (dir) => someFileHas(dir, /^--\s*\+goose\s+up\b/im),
  discover: (dir) => {
    const names = filesIn(dir).filter((name) => FILE.test(name) && !name.endsWith('_test.go'));
    refuseDuplicateVersions(
      'goose',
      names.map((name) => ({ name, version: String(BigInt(FILE.exec(name)![1]!)) })),
    );
    return names.sort(byNumericPrefix).map((name) => ({
      name,
      path: path.join(dir, name),
      ...(name.endsWith('.go') ? { opaque: 'a Go migration: goose runs it from a compiled binary' } : {}),
    }));
  },
  source: (_migration, text) => {
    const sections = splitSections(text, MARKER, (m) => m[1]!.toLowerCase() as 'up' | 'down');
    return {
      up: sections.up ?? '',
      ...(sections.down !== undefined ? { down: sections.down } : {}),
      execution: NO_TRANSACTION.test(text) ? 'autocommit' : 'transaction',
    };
  },
};
