/**
 * What a statement creates, with the details validators compare
 * against the catalog afterwards.
 */
import type { CreatedObject, FkAction, ForeignKeyDef, ObjectKind, Statement } from './model.js';
import {
  type Node,
  type QualifiedName,
  bool,
  child,
  childrenOf,
  list,
  num,
  qualify,
  rangeVarName,
  roleName,
  str,
  strings,
  unwrap,
} from './ast.js';
import { defaultIndexName, indexColumns } from './indexes.js';
import type { StatementSource } from './locate.js';

const FK_ACTIONS: Record<string, FkAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

// Bits of CreateTrigStmt.timing / .events (PostgreSQL's TRIGGER_TYPE_*).
const TRIGGER_BEFORE = 2;
const TRIGGER_INSTEAD = 64;
const TRIGGER_EVENTS = [
  [4, 'INSERT'],
  [16, 'UPDATE'],
  [8, 'DELETE'],
  [32, 'TRUNCATE'],
] as const;

const POLICY_COMMANDS = { all: 'ALL', select: 'SELECT', insert: 'INSERT', update: 'UPDATE', delete: 'DELETE' } as const;

/** `schema` applies to unqualified names (elements of `CREATE SCHEMA s CREATE …`). */
export function collectCreates(kind: string, node: Node, src: StatementSource, schema?: string): CreatedObject[] {
  const inSchema = (q: QualifiedName | undefined): QualifiedName | undefined =>
    q && q.schema === undefined && schema !== undefined ? { schema, name: q.name } : q;
  const named = (k: ObjectKind, q: QualifiedName | undefined, position = src.start): CreatedObject[] => {
    const n = inSchema(q);
    return n ? [{ kind: k, ...n, position }] : [];
  };
  const relation = (field: Node | undefined, k: ObjectKind): CreatedObject[] =>
    named(k, rangeVarName(field), src.atNode(field)).map((o) =>
      str(field, 'relpersistence') === 't' || o.schema === 'pg_temp' ? { ...o, temporary: true } : o,
    );
  const byName = (k: ObjectKind, parts: string[], after: string[]): CreatedObject[] =>
    named(k, qualify(parts), src.findName(parts, after));

  switch (kind) {
    case 'CreateSchemaStmt': {
      const name = str(node, 'schemaname') ?? str(child(node, 'authrole'), 'rolename');
      if (name === undefined) return [];
      const out: CreatedObject[] = [{ kind: 'schema', name, position: src.findName([name], ['schema']) }];
      for (const elt of list(node, 'schemaElts')) {
        const u = unwrap(elt);
        if (u?.type) out.push(...collectCreates(u.type, u.node, src, name));
      }
      return out;
    }
    case 'CreateStmt': {
      const rel = child(node, 'relation');
      const [created] = relation(rel, 'table');
      if (!created) return [];
      const partbound = child(node, 'partbound');
      const parent = partbound ? rangeVarName(unwrap(list(node, 'inhRelations')[0])?.node) : undefined;
      created.details = {
        kind: 'table',
        columns: childrenOf(node, 'tableElts', 'ColumnDef').flatMap((c) => str(c, 'colname') ?? []),
        partitioned: child(node, 'partspec') !== undefined,
        ...(parent ? { partitionOf: parent } : {}),
        foreignKeys: foreignKeys(node, src),
      };
      return [created];
    }
    case 'CreateTableAsStmt':
      return relation(child(child(node, 'into'), 'rel'), str(node, 'objtype') === 'OBJECT_MATVIEW' ? 'view' : 'table');
    case 'SelectStmt':
      return relation(child(child(node, 'intoClause'), 'rel'), 'table');
    case 'ViewStmt':
      return relation(child(node, 'view'), 'view');
    case 'CreateSeqStmt':
      return relation(child(node, 'sequence'), 'sequence');
    case 'IndexStmt': {
      const rel = child(node, 'relation');
      const table = inSchema(rangeVarName(rel));
      if (!table) return [];
      const idxname = str(node, 'idxname');
      const position = idxname ? src.findName([idxname], ['index']) : src.start;
      // An index lives in its table's schema.
      const name = idxname ?? defaultIndexName(table.name, node);
      return [
        {
          kind: 'index',
          ...(table.schema !== undefined ? { schema: table.schema } : {}),
          name,
          table,
          position,
          details: {
            kind: 'index',
            columns: indexColumns(node, src),
            unique: bool(node, 'unique'),
            concurrently: bool(node, 'concurrent'),
          },
        },
      ];
    }
    case 'CreateEnumStmt': {
      const parts = strings(node.typeName);
      const out = byName('type', parts, ['type']);
      for (const o of out) o.details = { kind: 'type', enumValues: strings(node.vals) };
      return out;
    }
    case 'CompositeTypeStmt':
    case 'CreateDomainStmt':
    case 'CreateRangeStmt':
    case 'DefineStmt': {
      if (kind === 'DefineStmt' && str(node, 'kind') !== 'OBJECT_TYPE') return [];
      const out =
        kind === 'CompositeTypeStmt'
          ? relation(child(node, 'typevar'), 'type')
          : kind === 'CreateDomainStmt'
            ? byName('type', strings(node.domainname), ['domain'])
            : byName('type', strings(node.typeName ?? node.defnames), ['type']);
      for (const o of out) o.details = { kind: 'type' };
      return out;
    }
    case 'CreateFunctionStmt': {
      const parts = strings(node.funcname);
      const out = byName('function', parts, [bool(node, 'is_procedure') ? 'procedure' : 'function']);
      const language = childrenOf(node, 'options', 'DefElem')
        .filter((d) => str(d, 'defname') === 'language')
        .flatMap((d) => strings([d.arg]))[0];
      const returns = strings(child(node, 'returnType')?.names);
      for (const o of out) {
        o.details = {
          kind: 'function',
          ...(language !== undefined ? { language } : {}),
          returnsTrigger: returns[returns.length - 1] === 'trigger',
        };
      }
      return out;
    }
    case 'CreateTrigStmt': {
      const name = str(node, 'trigname');
      const table = inSchema(rangeVarName(child(node, 'relation')));
      const fn = qualify(strings(node.funcname));
      if (name === undefined || !table || !fn) return [];
      const timing = num(node, 'timing') ?? 0;
      const events = num(node, 'events') ?? 0;
      return [
        {
          kind: 'trigger',
          name,
          table,
          position: src.findName([name], ['trigger']),
          details: {
            kind: 'trigger',
            timing: timing & TRIGGER_INSTEAD ? 'INSTEAD OF' : timing & TRIGGER_BEFORE ? 'BEFORE' : 'AFTER',
            events: TRIGGER_EVENTS.filter(([bit]) => events & bit).map(([, e]) => e),
            forEach: bool(node, 'row') ? 'ROW' : 'STATEMENT',
            function: fn,
          },
        },
      ];
    }
    case 'CreatePolicyStmt': {
      const name = str(node, 'policy_name');
      const table = inSchema(rangeVarName(child(node, 'table')));
      if (name === undefined || !table) return [];
      const cmd = str(node, 'cmd_name') ?? 'all';
      return [
        {
          kind: 'policy',
          name,
          table,
          position: src.findName([name], ['policy']),
          details: {
            kind: 'policy',
            command: POLICY_COMMANDS[cmd as keyof typeof POLICY_COMMANDS] ?? 'ALL',
            permissive: bool(node, 'permissive'),
            roles: childrenOf(node, 'roles', 'RoleSpec').map(roleName),
          },
        },
      ];
    }
    case 'CreateExtensionStmt': {
      const name = str(node, 'extname');
      return name === undefined ? [] : [{ kind: 'extension', name, position: src.findName([name], ['extension']) }];
    }
    case 'CreateRoleStmt': {
      const name = str(node, 'role');
      return name === undefined ? [] : [{ kind: 'role', name, position: src.findName([name], ['create']) }];
    }
    default:
      return [];
  }
}

/** Column-level and table-level FOREIGN KEY constraints of a CREATE TABLE. */
function foreignKeys(node: Node, src: StatementSource): ForeignKeyDef[] {
  const found: { constraint: Node; column?: string }[] = [];
  for (const elt of list(node, 'tableElts')) {
    const u = unwrap(elt);
    if (u?.type === 'Constraint') found.push({ constraint: u.node });
    if (u?.type === 'ColumnDef') {
      const column = str(u.node, 'colname');
      for (const c of childrenOf(u.node, 'constraints', 'Constraint')) {
        found.push(column === undefined ? { constraint: c } : { constraint: c, column });
      }
    }
  }
  for (const c of childrenOf(node, 'constraints', 'Constraint')) found.push({ constraint: c });

  return foreignKeyDefs(found, src);
}

/** `ALTER TABLE t ADD [CONSTRAINT c] FOREIGN KEY …`: what a statement adds to a table that exists. */
export function alteredForeignKeys(kind: string, node: Node, src: StatementSource): Statement['addsForeignKeys'] {
  if (kind !== 'AlterTableStmt') return undefined;
  const table = rangeVarName(child(node, 'relation'));
  if (!table) return undefined;
  const constraints = childrenOf(node, 'cmds', 'AlterTableCmd')
    .filter((cmd) => str(cmd, 'subtype') === 'AT_AddConstraint')
    .flatMap((cmd) => {
      const def = unwrap(cmd.def);
      return def?.type === 'Constraint' ? [{ constraint: def.node }] : [];
    });
  const found = foreignKeyDefs(constraints, src).map((foreignKey) => ({ table, foreignKey }));
  return found.length > 0 ? found : undefined;
}

function foreignKeyDefs(found: { constraint: Node; column?: string }[], src: StatementSource): ForeignKeyDef[] {
  const out: ForeignKeyDef[] = [];
  for (const { constraint, column } of found) {
    if (str(constraint, 'contype') !== 'CONSTR_FOREIGN') continue;
    const pktable = child(constraint, 'pktable');
    const refTable = rangeVarName(pktable);
    if (!refTable) continue;
    const fkAttrs = strings(constraint.fk_attrs);
    const name = str(constraint, 'conname');
    out.push({
      ...(name !== undefined ? { name } : {}),
      columns: fkAttrs.length > 0 ? fkAttrs : column !== undefined ? [column] : [],
      refTable,
      refColumns: strings(constraint.pk_attrs),
      onDelete: FK_ACTIONS[str(constraint, 'fk_del_action') ?? 'a'] ?? 'NO ACTION',
      onUpdate: FK_ACTIONS[str(constraint, 'fk_upd_action') ?? 'a'] ?? 'NO ACTION',
      position: src.atNode(pktable),
    });
  }
  return out;
}
