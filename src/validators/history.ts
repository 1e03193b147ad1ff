import type { CatalogSnapshot } from '../catalog/model.js';
import type { CreatedObject, ParsedSql } from '../migrations/model.js';
import { objectKey } from '../readiness/prerequisites.js';
import type { Check, Finding } from '../types.js';
import { qualify, show } from './common.js';

/**
 * The repository's earlier migrations promise objects (what they create and
 * do not drop again). Any of them missing from the database before the target
 * runs means an earlier migration was never applied there — the seed's
 * "verify migration 0023 is applied".
 */
export function historyCheck(earlier: ParsedSql[], before: CatalogSnapshot): { check: Check; findings: Finding[] } {
  const promised = new Map<string, { object: CreatedObject; file: string }>();
  for (const parsed of earlier) {
    for (const statement of parsed.statements) {
      for (const object of statement.creates) promised.set(objectKey(object), { object, file: parsed.file });
      for (const object of statement.drops) promised.delete(objectKey(object));
    }
  }
  const missing = [...promised.values()].filter(({ object }) => !exists(object, before));
  const files = [...new Set(missing.map((m) => m.file))];
  const findings = missing.map<Finding>(({ object, file }) => ({
    severity: 'error',
    rule: 'earlier-migration-not-applied',
    message: `${object.kind} ${show(qualify(object))} from ${file} is missing: verify that migration is applied`,
    object: show(qualify(object)),
    file,
    line: object.position.line,
    column: object.position.column,
    task: 'readiness',
  }));
  const check: Check =
    missing.length === 0
      ? {
          name: 'Earlier migrations applied',
          status: 'PASS',
          finding: `objects of ${earlier.length} earlier migration(s) present`,
        }
      : {
          name: 'Earlier migrations applied',
          status: 'FAIL',
          finding: `${files.join(', ')} not (fully) applied: ${missing.length} object(s) missing`,
        };
  return { check, findings };
}

function exists(object: CreatedObject, snapshot: CatalogSnapshot): boolean {
  const { schema, name } = qualify(object);
  const inSchema = (o: { schema: string; name: string }): boolean => o.schema === schema && o.name === name;
  switch (object.kind) {
    case 'schema':
      return snapshot.schemas.includes(object.name);
    case 'table':
    case 'view':
      return snapshot.tables.some(inSchema);
    case 'index':
      return snapshot.indexes.some((i) => i.name === name && i.schema === (object.table?.schema ?? schema));
    case 'type':
      return snapshot.enums.some(inSchema) || snapshot.types.some(inSchema);
    case 'function':
      return snapshot.functions.some(inSchema);
    case 'sequence':
      return snapshot.sequences.some(inSchema);
    case 'trigger':
      return snapshot.triggers.some((t) => t.name === name);
    case 'policy':
      return snapshot.policies.some((p) => p.name === name);
    case 'extension':
      return snapshot.extensions.some((e) => e.name === name);
    default:
      return true;
  }
}
