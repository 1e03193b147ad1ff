import path from 'node:path';
import { byCodePoint, filesIn, someFileHas } from './files.js';
import type { Execution, Layout } from './model.js';
import { splitSections } from './sections.js';

/** dbmate's migration.go: the marker starts the line; options follow as key:value words. */
const MARKER = /^--\s*migrate:(up|down)(?=\s|$)[^\n]*$/gm;
const FILE = /^\d+.*\.sql$/;

/**
 * dbmate: `20240101120000_name.sql` with `-- migrate:up` and `-- migrate:down`
 * sections, sorted by file name as text. Each up section runs inside
 * BEGIN … COMMIT unless its marker says `transaction:false`, and then as one
 * Exec (one message, still an implicit transaction).
 */
export const dbmate: Layout = {
  tool: 'dbmate',
  recognisedBy: '`-- migrate:up` / `-- migrate:down` sections',
  downs: true,
  detect: (dir) => someFileHas(dir, /^--\s*migrate:up\b/m),
  discover: (dir) =>
    filesIn(dir)
      .filter((name) => FILE.test(name))
      .sort(byCodePoint)
      .map((name) => ({ name, path: path.join(dir, name) })),
  source: (_migration, text) => {
    const sections = splitSections(text, MARKER, (m) => m[1] as 'up' | 'down');
    // Each marker carries its own options: a down runs in a transaction unless its marker says otherwise.
    const execution = (direction: 'up' | 'down'): Execution => {
      const marker = sections.markers.find((m) => m.direction === direction);
      return marker !== undefined && /\stransaction:false(\s|$)/.test(marker.line) ? 'single-message' : 'transaction';
    };
    return {
      up: sections.up ?? '',
      ...(sections.down !== undefined ? { down: sections.down, downExecution: execution('down') } : {}),
      execution: execution('up'),
    };
  },
};
