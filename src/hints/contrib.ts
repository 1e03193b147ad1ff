/**
 * The extensions shipped with PostgreSQL (contrib) and what each provides, as
 * scripts/extension-objects.mjs read it from the embedded server's extension
 * scripts: a missing `gen_random_bytes()` is a missing `CREATE EXTENSION pgcrypto`.
 */
import type { ObjectName, Statement } from '../migrations/model.js';
import objects from './extension-objects.json' with { type: 'json' };
import { standInObjects } from './stand-ins.js';

type Names = Record<string, string | string[]>;
export type ContribKind = 'function' | 'type' | 'language' | 'accessMethod';

const NAMES: Record<ContribKind, Names> = objects;
const OPCLASSES: Record<string, Names> = objects.opclass;
const REQUIRES: Record<string, string[]> = objects.requires;

/** The extensions that provide an object of this kind and name (usually one; none for core objects). */
export function contribExtensions(kind: ContribKind, name: string): string[] {
  return listed(NAMES[kind], name);
}

/** Operator class names repeat across access methods, so the method is part of the question. */
export function opclassExtensions(method: string, name: string): string[] {
  return listed(OPCLASSES[method] ?? {}, name);
}

/**
 * "The extension pgcrypto provides it: add `CREATE EXTENSION pgcrypto;` before it." (hints mark
 * SQL and flags as code, which the Markdown report renders as such).
 * `schema` is the schema the migration expects the object in, when it names one.
 */
export function createExtensionHint(extensions: string[], schema?: string): string | undefined {
  if (extensions.length === 0) return undefined;
  const where = schema && schema !== 'public' ? ` SCHEMA ${quoteIdent(schema)}` : '';
  const names = extensions.map((name) => {
    const requires = REQUIRES[name] ?? [];
    return requires.length > 0 ? `${quoteIdent(name)} (which needs ${requires.join(', ')})` : quoteIdent(name);
  });
  const statements = extensions.map(
    (name) => `CREATE EXTENSION ${quoteIdent(name)}${where}${REQUIRES[name] ? ' CASCADE' : ''};`,
  );
  return `The extension ${names.join(' or ')} provides it: add ${statements.map((sql) => `\`${sql}\``).join(' or ')} before it.`;
}

/**
 * The functions and types a CREATE EXTENSION statement makes, so the pre-flight
 * counts them as created: unqualified, and in the schema it names (`WITH SCHEMA
 * extensions`), as a migration may call them either way.
 */
export function createdWithExtension(statement: Statement): ObjectName[] {
  const extensions = statement.creates.filter((object) => object.kind === 'extension').map((object) => object.name);
  // Asked of every statement of a file (the pre-flight): a data file's references are made when read.
  if (extensions.length === 0) return [];
  const schema = statement.references.find((r) => r.object.kind === 'schema')?.object.name;
  const created: ObjectName[] = standInObjects(extensions);
  for (const kind of ['function', 'type'] as const) {
    for (const [name, owners] of Object.entries(NAMES[kind])) {
      if (!extensions.some((extension) => [owners].flat().includes(extension))) continue;
      created.push({ kind, name }, ...(schema ? [{ kind, schema, name }] : []));
    }
  }
  return created;
}

function listed(names: Names, name: string): string[] {
  return Object.hasOwn(names, name) ? [names[name]!].flat() : [];
}

/** `pgcrypto`, `"uuid-ossp"`: as the name must be written in SQL. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
