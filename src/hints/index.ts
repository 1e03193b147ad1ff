/**
 * What to supply when an object is missing: the gate's own hints, added to
 * PostgreSQL's where the server gave one. Each names the fix exactly (the
 * statement to add, the pack or the server to use) or says nothing.
 */
import type { StatementError } from '../apply/errors.js';
import type { ObjectKind, ObjectName } from '../migrations/model.js';
import type { Finding } from '../types.js';
import { contribExtensions, createExtensionHint, opclassExtensions } from './contrib.js';
import { supabaseHint } from './supabase.js';

export { unavailableHint, unavailableMessage } from './unavailable.js';

/** Extensions already there (installed, or created by the migration): creating them again fixes nothing. */
export type Present = ReadonlySet<string>;

/** The hint for a missing object: the extension shipped with PostgreSQL that provides it, or Supabase's pack. */
export function objectHint(object: ObjectName, present: Present = new Set()): string | undefined {
  if (object.kind === 'function' || object.kind === 'type') {
    const extensions = contribExtensions(object.kind, object.name).filter((name) => !present.has(name));
    const hint = createExtensionHint(extensions, object.schema);
    if (hint) return hint;
  }
  return supabaseHint(object);
}

/** Kinds of object a "does not exist" message starts with. */
const MESSAGE_KINDS: Record<string, ObjectKind> = {
  function: 'function',
  type: 'type',
  role: 'role',
  schema: 'schema',
  relation: 'table',
};

/** The hint for a failure the pre-flight did not foresee, from what the server's message names. */
export function errorHint(error: Pick<StatementError, 'message' | 'object'>, present: Present): string | undefined {
  const absent = (extensions: string[]): string[] => extensions.filter((name) => !present.has(name));
  const opclass = /^operator class "([^"]+)" does not exist for access method "([^"]+)"/.exec(error.message);
  if (opclass) return createExtensionHint(absent(opclassExtensions(opclass[2]!, opclass[1]!)));
  const language = /^language "([^"]+)" does not exist/.exec(error.message);
  if (language) return createExtensionHint(absent(contribExtensions('language', language[1]!)));
  const method = /^access method "([^"]+)" does not exist/.exec(error.message);
  if (method) return createExtensionHint(absent(contribExtensions('accessMethod', method[1]!)));
  const kind = MESSAGE_KINDS[error.message.split(' ')[0]!];
  if (!kind || !error.object || !/ does not exist$/.test(error.message)) return undefined;
  const dot = kind === 'schema' || kind === 'role' ? -1 : error.object.indexOf('.');
  const name =
    dot === -1 ? { name: error.object } : { schema: error.object.slice(0, dot), name: error.object.slice(dot + 1) };
  return objectHint({ kind, ...name }, present);
}

/** Hints in order, the server's first; undefined when there are none. */
export function joinHints(...hints: (string | undefined)[]): string | undefined {
  const given = hints.filter((hint): hint is string => hint !== undefined && hint !== '');
  return given.length > 0 ? given.join(' ') : undefined;
}

/**
 * PostgreSQL's DETAIL and HINT for a finding made from its error, with the
 * gate's hint after the server's. A function that exists with other argument
 * types fails as "does not exist" too: `present` keeps the hint from naming an
 * extension that is already there.
 */
export function serverNotes(error: StatementError, present: Present = new Set()): Pick<Finding, 'detail' | 'hint'> {
  const hint = joinHints(error.hint, errorHint(error, present));
  return { ...(error.detail ? { detail: error.detail } : {}), ...(hint ? { hint } : {}) };
}
