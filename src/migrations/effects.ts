/**
 * What one SQL statement does to the schema, as the parser sees it: the same
 * analysis for a statement written at top level and for one embedded in a
 * PL/pgSQL body.
 */
import type { Statement } from './model.js';
import { alteredForeignKeys, collectCreates } from './created.js';
import { collectDrops } from './drops.js';
import type { LocatedStatement } from './locate.js';
import { collectReferences } from './references.js';

export type StatementEffects = Pick<Statement, 'creates' | 'references' | 'drops' | 'addsForeignKeys'>;

export function statementEffects({ kind, node, source }: LocatedStatement): StatementEffects {
  const creates = collectCreates(kind, node, source);
  const addsForeignKeys = alteredForeignKeys(kind, node, source);
  return {
    creates,
    references: collectReferences(kind, node, source, creates),
    drops: collectDrops(kind, node),
    ...(addsForeignKeys ? { addsForeignKeys } : {}),
  };
}
