/**
 * PostgreSQL's one-letter catalog codes and bit masks spelled out. An unknown
 * code throws: a newer server with a new code should fail loudly rather than
 * hand validators a wrong label.
 */
import type {
  FkAction,
  FunctionKind,
  OtherTypeKind,
  PolicyCommand,
  RelationKind,
  TriggerEvent,
  TriggerFiring,
  TriggerTiming,
  Volatility,
} from './model.js';

function decoder<T>(what: string, codes: Record<string, T>): (code: string) => T {
  return (code) => {
    if (!Object.hasOwn(codes, code)) throw new Error(`unknown ${what} code '${code}' in the catalog`);
    return codes[code] as T;
  };
}

export const relationKind = decoder<RelationKind>('relkind', {
  r: 'table',
  p: 'partitioned',
  v: 'view',
  m: 'matview',
  f: 'foreign',
});

export const fkAction = decoder<FkAction>('foreign key action', {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
});

export const policyCommand = decoder<PolicyCommand>('polcmd', {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
});

export const functionKind = decoder<FunctionKind>('prokind', { f: 'f', p: 'p', a: 'a', w: 'w' });

export const volatility = decoder<Volatility>('provolatile', {
  i: 'IMMUTABLE',
  s: 'STABLE',
  v: 'VOLATILE',
});

export const triggerFiring = decoder<TriggerFiring>('tgenabled', {
  O: 'ORIGIN',
  R: 'REPLICA',
  A: 'ALWAYS',
  D: 'DISABLED',
});

export const otherTypeKind = decoder<OtherTypeKind>('typtype', {
  d: 'domain',
  c: 'composite',
  r: 'range',
  b: 'base',
});

// pg_trigger.tgtype bits, from PostgreSQL's catalog/pg_trigger.h (TRIGGER_TYPE_*).
const TRIGGER_TYPE_ROW = 1 << 0;
const TRIGGER_TYPE_BEFORE = 1 << 1;
const TRIGGER_TYPE_INSTEAD = 1 << 6;
const TRIGGER_EVENT_BITS: readonly (readonly [number, TriggerEvent])[] = [
  [1 << 2, 'INSERT'],
  [1 << 4, 'UPDATE'],
  [1 << 3, 'DELETE'],
  [1 << 5, 'TRUNCATE'],
];

export interface DecodedTriggerType {
  timing: TriggerTiming;
  events: TriggerEvent[];
  forEach: 'ROW' | 'STATEMENT';
}

export function triggerType(bits: number): DecodedTriggerType {
  // AFTER has no bit of its own: it is neither BEFORE nor INSTEAD.
  const timing: TriggerTiming =
    bits & TRIGGER_TYPE_INSTEAD ? 'INSTEAD OF' : bits & TRIGGER_TYPE_BEFORE ? 'BEFORE' : 'AFTER';
  return {
    timing,
    events: TRIGGER_EVENT_BITS.filter(([bit]) => bits & bit).map(([, event]) => event),
    forEach: bits & TRIGGER_TYPE_ROW ? 'ROW' : 'STATEMENT',
  };
}
