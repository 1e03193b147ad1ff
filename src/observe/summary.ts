/**
 * What each traced statement meant for the tables that existed before: the
 * locks it held (its own and those its transaction took before it), for how
 * long, the work it did on their rows, and that said in words at production
 * size. Pure: observations in, the report's `trace` and the rules' input out.
 */
import type { RunSemantics } from '../inputs.js';
import type { Statement } from '../migrations/model.js';
import type { StatementTrace } from '../types.js';
import { blockedTraffic, strength, strongest, type LockMode } from './locks.js';
import type { Observation, Trace } from './model.js';
import {
  durationWords,
  project,
  seconds,
  sizeWords,
  type Projection,
  type TableSizes,
  type Work,
} from './projection.js';
import { transactionsOf } from './transactions.js';

export interface TracedStatement extends Observation {
  /** Modes held on each pre-existing relation while it ran: its own and those taken earlier in its transaction. */
  held: Map<string, LockMode[]>;
  /** Epoch ms when the tool's transaction around it ends: its locks are held until then. */
  transactionEndsAt: number;
}

export interface TraceView {
  statements: TracedStatement[];
  /** Production rows of a pre-existing relation (`schema.name`), where known. */
  rows(relation: string): Projection | undefined;
  /** The tool's transaction a statement runs in: statements with the same number commit together. */
  transactionOf(statement: Statement): number | undefined;
}

export function viewTrace(trace: Trace, statements: Statement[], run: RunSemantics, sizes: TableSizes): TraceView {
  const transactions = transactionsOf(statements, run);
  const ends = new Map<number, number>();
  for (const o of trace.observations) {
    const id = transactions.get(o.statement) ?? -1;
    ends.set(id, Math.max(ends.get(id) ?? 0, o.endedAt));
  }
  const heldIn = new Map<number, Map<string, Set<LockMode>>>();
  const traced = trace.observations.map((o): TracedStatement => {
    const id = transactions.get(o.statement) ?? -1;
    const held = heldIn.get(id) ?? new Map<string, Set<LockMode>>();
    heldIn.set(id, held);
    for (const { relation, modes } of o.taken) {
      const set = held.get(relation) ?? new Set<LockMode>();
      for (const mode of modes) set.add(mode);
      held.set(relation, set);
    }
    const snapshot = new Map([...held].map(([relation, modes]) => [relation, [...modes]]));
    return { ...o, held: snapshot, transactionEndsAt: ends.get(id) ?? o.endedAt };
  });
  return {
    statements: traced,
    transactionOf: (statement) => transactions.get(statement),
    rows: (relation) => {
      const found = trace.relations.get(relation);
      return found ? project(found, sizes) : undefined;
    },
  };
}

/** Kinds that build an index on the table they lock. */
const INDEX_BUILDS = new Set(['IndexStmt', 'ReindexStmt']);

/** What the statement did to the rows of `relation`, from what the server reported. */
export function workOn(traced: TracedStatement, relation: string): Work {
  if (traced.rewritten.includes(relation)) return 'rewrite';
  // An index build locks its table SHARE (SHARE UPDATE EXCLUSIVE when concurrent); the new index is not from before.
  const taken = traced.taken.find((t) => t.relation === relation)?.modes ?? [];
  const builds = taken.some((mode) => strength(mode) >= strength('SHARE UPDATE EXCLUSIVE'));
  if (INDEX_BUILDS.has(traced.statement.kind) && builds) return 'index';
  if (!traced.scanned.some((s) => s.relation === relation)) return 'lock';
  const validates = traced.statement.changes?.some((c) => c.kind === 'add-constraint' && c.validated);
  return validates ? 'validate' : 'scan';
}

export function strongestHeld(traced: TracedStatement, relation: string): LockMode | undefined {
  return strongest(traced.held.get(relation) ?? []);
}

const VERBS: Record<Work, string> = {
  rewrite: 'rewrites',
  index: 'builds an index on',
  validate: 'validates a constraint on',
  scan: 'reads all of',
  lock: 'locks',
};

/** "rewrites sync_progress (≈ 12 M rows) under ACCESS EXCLUSIVE: blocks reads and writes for minutes". */
export function impactOf(
  view: TraceView,
  traced: TracedStatement,
  relation: string,
  work: Work = workOn(traced, relation),
): string | undefined {
  // While it works on the rows, every lock its transaction holds blocks; a mere lock is the statement's own.
  const taken = traced.taken.find((t) => t.relation === relation)?.modes ?? [];
  const mode = work === 'lock' ? strongest(taken) : strongestHeld(traced, relation);
  // Weaker modes than SHARE UPDATE EXCLUSIVE are what ordinary queries take: nothing to say.
  if (!mode || strength(mode) < strength('SHARE UPDATE EXCLUSIVE')) return undefined;
  const rows = view.rows(relation);
  const how =
    work === 'lock'
      ? 'until its transaction ends'
      : rows
        ? `for ${durationWords(seconds(work, rows.rows))}`
        : 'while it runs';
  return `${VERBS[work]} ${shortName(relation)} (${sizeWords(rows)}) under ${mode}: ${blockedTraffic(mode)} ${how}`;
}

const WORK_ORDER: Work[] = ['lock', 'scan', 'validate', 'index', 'rewrite'];

/** The relation the statement did the most to (of those it locked, rewrote or read): more work first, then the stronger lock. */
function mainRelation(traced: TracedStatement): string | undefined {
  const touched = new Set([
    ...traced.taken.map((t) => t.relation),
    ...traced.rewritten,
    ...traced.scanned.map((s) => s.relation),
  ]);
  const rank = (relation: string): number =>
    WORK_ORDER.indexOf(workOn(traced, relation)) * 10 + strength(strongestHeld(traced, relation) ?? 'ACCESS SHARE');
  return [...touched].sort((a, b) => rank(b) - rank(a))[0];
}

/** The report's view of one statement (JSON `trace`, the Markdown and text tables). */
export function reportEntry(view: TraceView, traced: TracedStatement): StatementTrace {
  const strongestTaken = traced.taken
    .map(({ relation, modes }) => ({ relation, mode: strongest(modes)! }))
    .sort((a, b) => strength(b.mode) - strength(a.mode))[0];
  const main = mainRelation(traced);
  const impact = main ? impactOf(view, traced, main) : undefined;
  return {
    line: traced.statement.start.line,
    statement: traced.statement.kind,
    locks: traced.taken.map(({ relation, modes }) => {
      const rows = view.rows(relation);
      return { relation, modes, ...(rows ? { rows: rows.rows, rowsFrom: rows.from } : {}) };
    }),
    rewritten: traced.rewritten,
    scanned: traced.scanned.map(({ relation, rowsRead }) => ({ relation, rowsRead })),
    ...(strongestTaken
      ? {
          strongestLock: {
            ...strongestTaken,
            heldMs: Math.round((traced.transactionEndsAt - traced.startedAt) * 10) / 10,
          },
        }
      : {}),
    ...(impact ? { impact } : {}),
    ...(traced.unobserved ? { note: traced.unobserved } : {}),
  };
}

/** `public.t` → `t`: the schema most readers assume. */
export function shortName(relation: string): string {
  return relation.startsWith('public.') ? relation.slice('public.'.length) : relation;
}
