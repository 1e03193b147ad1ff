/**
 * How the gate names database objects, shared by the parser's consumers: keys
 * that compare objects across parse and catalog, and the spellings shown to
 * people. Names are compared by their catalog value (the parser has already
 * folded unquoted identifiers to lower case and kept quoted ones as written).
 */
import type { ObjectName } from './model.js';

export interface Qualified {
  schema: string;
  name: string;
}

/** Unqualified names land in the session's creation schema: `public` unless search_path says otherwise. */
export function qualify(name: { schema?: string; name: string }, defaultSchema = 'public'): Qualified {
  return { schema: name.schema ?? defaultSchema, name: name.name };
}

/** `organization` or `auth.users_extended` from configuration. */
export function parseQualified(text: string, defaultSchema = 'public'): Qualified {
  const dot = text.lastIndexOf('.');
  return dot === -1 ? { schema: defaultSchema, name: text } : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

export function show(name: Qualified): string {
  return name.schema === 'public' ? name.name : `${name.schema}.${name.name}`;
}

export function same(a: Qualified, b: { schema: string; name: string }): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** Tables, views, sequences and indexes share one namespace in PostgreSQL. */
export function kindClass(kind: ObjectName['kind']): string {
  return ['table', 'view', 'sequence', 'index'].includes(kind) ? 'relation' : kind;
}

export function objectKey(object: ObjectName): string {
  const schema = object.kind === 'schema' ? '' : `${object.schema ?? 'public'}.`;
  return `${kindClass(object.kind)}:${schema}${object.name}`;
}

export function displayName(object: Pick<ObjectName, 'kind' | 'schema' | 'name'>): string {
  const qualified = object.schema && object.schema !== 'public' ? `${object.schema}.${object.name}` : object.name;
  return object.kind === 'function' ? `${qualified}()` : qualified;
}
