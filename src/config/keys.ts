import type { z } from 'zod';

/** The parts of zod's schema definitions this walk reads. */
interface Definition {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  keyType?: z.core.$ZodType;
  entries?: Record<string, string | number>;
  element?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

function definition(schema: z.core.$ZodType): Definition {
  return schema._zod.def as unknown as Definition;
}

/** The object schemas a value may be: through optional, pipe and union; records and arrays step inside. */
function objectsOf(schema: z.core.$ZodType): Definition[] {
  const def = definition(schema);
  if (def.type === 'object') return [def];
  if (def.innerType) return objectsOf(def.innerType);
  if (def.in) return objectsOf(def.in);
  if (def.options) return def.options.flatMap(objectsOf);
  return [];
}

/** The schema of the value at one step of a path: a key of an object, any key of a record, any item of an array. */
function child(schema: z.core.$ZodType, step: PropertyKey): z.core.$ZodType[] {
  const def = definition(schema);
  if (def.type === 'object') {
    const next = def.shape?.[String(step)];
    return next ? [next] : [];
  }
  if (def.type === 'record' && def.valueType) return [def.valueType];
  if (def.type === 'array' && def.element) return [def.element];
  if (def.innerType) return child(def.innerType, step);
  if (def.in) return child(def.in, step);
  if (def.options) return def.options.flatMap((option) => child(option, step));
  return [];
}

/** The keys a record whose keys are a closed list (rule ids) may have. */
function recordKeysOf(schema: z.core.$ZodType): string[] {
  const def = definition(schema);
  if (def.type === 'record' && def.keyType) {
    const keys = definition(def.keyType);
    return keys.type === 'enum' ? Object.values(keys.entries ?? {}).map(String) : [];
  }
  if (def.innerType) return recordKeysOf(def.innerType);
  if (def.in) return recordKeysOf(def.in);
  if (def.options) return def.options.flatMap(recordKeysOf);
  return [];
}

/** The keys an object at `path` may have: what a mistyped key is compared with. */
export function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current = [schema];
  for (const step of path) current = current.flatMap((s) => child(s, step));
  return [
    ...current.flatMap(objectsOf).flatMap((def) => Object.keys(def.shape ?? {})),
    ...current.flatMap(recordKeysOf),
  ];
}

/**
 * Every key path of the schema, records and lists written as `<name>` and
 * `[]` (`expectations.<file>.tables.<table>.columns`): what the configuration
 * reference must document.
 */
export function keyPaths(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = definition(schema);
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([key, value]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...keyPaths(value, path)];
    });
  }
  if (def.type === 'record' && def.valueType) return keyPaths(def.valueType, `${prefix}.<name>`);
  if (def.type === 'array' && def.element) return keyPaths(def.element, `${prefix}[]`);
  if (def.innerType) return keyPaths(def.innerType, prefix);
  if (def.in) return keyPaths(def.in, prefix);
  if (def.options) return [...new Set(def.options.flatMap((option) => keyPaths(option, prefix)))];
  return [];
}
