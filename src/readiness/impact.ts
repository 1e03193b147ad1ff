import type { CreatedObject, ObjectKind } from '../migrations/model.js';
import { displayName } from '../migrations/names.js';

const PLURALS: Partial<Record<ObjectKind, string>> = {
  index: 'indexes',
  policy: 'policies',
  schema: 'schemas',
  type: 'types',
};

/** `3 tables`, `1 policy`, `12 policies`. */
export function countOf(count: number, kind: ObjectKind): string {
  const plural = PLURALS[kind] ?? `${kind}s`;
  return `${count} ${count === 1 ? kind : plural}`;
}

/** Groups objects by kind, in first-seen order. */
export function byKind(objects: CreatedObject[]): Map<ObjectKind, CreatedObject[]> {
  const groups = new Map<ObjectKind, CreatedObject[]>();
  for (const object of objects) groups.set(object.kind, [...(groups.get(object.kind) ?? []), object]);
  return groups;
}

/**
 * "Cannot create 3 tables (a, b, c), 12 policies; blocks 15 indexes, 5 triggers
 * that depend on them" — what a missing prerequisite costs, in the seed's terms.
 */
export function impactText(blocks: { direct: CreatedObject[]; dependent: CreatedObject[] }): string {
  if (blocks.direct.length === 0) return 'The statement referencing it fails';
  const describe = (objects: CreatedObject[], names: boolean): string =>
    [...byKind(objects)]
      .map(([kind, list]) => {
        const listed = names && list.length <= 5 ? ` (${list.map(displayName).join(', ')})` : '';
        return `${countOf(list.length, kind)}${listed}`;
      })
      .join(', ');
  const direct = `Cannot create ${describe(blocks.direct, true)}`;
  if (blocks.dependent.length === 0) return direct;
  return `${direct}; blocks ${describe(blocks.dependent, false)} that depend on them`;
}
