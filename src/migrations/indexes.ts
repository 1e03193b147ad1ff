/**
 * Index columns as written, and the name PostgreSQL gives an unnamed index
 * (ChooseIndexName / ChooseIndexColumnNames / makeObjectName in
 * src/backend/commands/indexcmds.c and catalog/namespace.c), so validators
 * can find `CREATE INDEX ON t (a, b)` in the catalog as `t_a_b_idx`.
 *
 * PostgreSQL appends a number when that name is taken; we cannot know that
 * from the text alone.
 */
import { type Node, child, childrenOf, list, str, strings, unwrap } from './ast.js';
import type { StatementSource } from './locate.js';

const NAMEDATALEN = 64;

/** One entry per key column: its name, or the expression's source text. */
export function indexColumns(node: Node, src: StatementSource): string[] {
  const elems = childrenOf(node, 'indexParams', 'IndexElem');
  const texts = paramTexts(node, src);
  return elems.map(
    (e, i) => str(e, 'name') ?? plainColumn(e.expr) ?? texts[i] ?? `(${figureColname(e.expr) ?? 'expr'})`,
  );
}

/** `((a))` indexes column a itself; PostgreSQL stores it as a plain column. */
function plainColumn(expr: unknown): string | undefined {
  const u = unwrap(expr);
  if (u?.type !== 'ColumnRef') return undefined;
  const fields = strings(u.node.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

/** Source text of each element of the parenthesised key list. */
function paramTexts(node: Node, src: StatementSource): string[] {
  const rel = child(node, 'relation');
  const tokens = src.tokens;
  let i = rel ? src.tokenIndexAt(typeof rel.location === 'number' ? rel.location : 0) : 0;
  while (i < tokens.length && tokens[i]?.value !== '(') i++;
  const out: string[] = [];
  let depth = 0;
  let first = i + 1;
  for (; i < tokens.length; i++) {
    const v = tokens[i]?.type === 'punct' ? tokens[i]?.value : undefined;
    if (v === '(' || v === '[') depth++;
    else if (v === ')' || v === ']') {
      depth--;
      if (depth === 0) {
        out.push(src.slice(first, i - 1));
        break;
      }
    } else if (v === ',' && depth === 1) {
      out.push(src.slice(first, i - 1));
      first = i + 1;
    }
  }
  return out;
}

export function defaultIndexName(table: string, node: Node): string {
  const elems = [
    ...childrenOf(node, 'indexParams', 'IndexElem'),
    ...childrenOf(node, 'indexIncludingParams', 'IndexElem'),
  ];
  const used: string[] = [];
  for (const e of elems) {
    const orig = str(e, 'indexcolname') ?? str(e, 'name') ?? figureColname(e.expr) ?? 'expr';
    let name = orig;
    for (let n = 1; used.includes(name); n++) {
      const suffix = String(n);
      name = clipBytes(orig, NAMEDATALEN - 1 - suffix.length) + suffix;
    }
    used.push(name);
  }
  let addition = '';
  for (const name of used) {
    if (addition.length > 0) addition += '_';
    addition += name;
    if (byteLength(addition) >= NAMEDATALEN) break;
  }
  addition = clipBytes(addition, NAMEDATALEN - 1);
  const label = node.primary === true ? 'pkey' : node.isconstraint === true ? 'key' : 'idx';
  return makeObjectName(table, addition, label);
}

function makeObjectName(name1: string, name2: string, label: string): string {
  const avail = NAMEDATALEN - 1 - (name2 ? 1 : 0) - (label.length + 1);
  let n1 = byteLength(name1);
  let n2 = byteLength(name2);
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [clipBytes(name1, n1)];
  if (name2) parts.push(clipBytes(name2, n2));
  parts.push(label);
  return parts.join('_');
}

/** PostgreSQL's FigureColnameInternal, for the node types an index expression usually has. */
export function figureColname(expr: unknown): string | undefined {
  const u = unwrap(expr);
  if (!u) return undefined;
  const n = u.node;
  switch (u.type) {
    case 'ColumnRef': {
      const fields = strings(n.fields);
      return fields[fields.length - 1];
    }
    case 'FuncCall': {
      const f = strings(n.funcname);
      return f[f.length - 1];
    }
    case 'TypeCast': {
      const inner = figureColname(n.arg);
      if (inner) return inner;
      const t = strings(child(n, 'typeName')?.names);
      return t[t.length - 1];
    }
    case 'CoalesceExpr':
      return 'coalesce';
    case 'CaseExpr':
      return 'case';
    case 'MinMaxExpr':
      return str(n, 'op') === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'A_ArrayExpr':
      return 'array';
    case 'RowExpr':
      return 'row';
    case 'CollateClause':
      return figureColname(n.arg);
    case 'A_Indirection': {
      const last = list(n, 'indirection').at(-1);
      const s = unwrap(last);
      return s?.type === 'String' ? str(s.node, 'sval') : figureColname(n.arg);
    }
    default:
      return undefined;
  }
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of whole characters within `max` UTF-8 bytes. */
function clipBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = byteLength(ch);
    if (bytes + b > max) break;
    out += ch;
    bytes += b;
  }
  return out;
}
