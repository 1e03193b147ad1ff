/**
 * The gate on examples/sync-0024 against a bare baseline doing the same
 * physical work without the gate: a fresh cluster, start, and the same SQL
 * files sent with pg — the setup files, the migration, its down migration and
 * the migration again, as the gate's rollback round trip applies them. Both are measured in this run, alternating, so the ratio
 * holds on any machine. Goal: gate ≤ 2 s and ≤ 1.5× the baseline. The gate is also run without tracing the
 * target (locks, rewrites, scans between statements), to say what tracing costs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/load.js';
import { resolveOptions } from '../src/config/options.js';
import { startEmbedded } from '../src/database/embedded.js';
import { runGate } from '../src/gate.js';
import { Progress } from '../src/progress.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const example = path.resolve('examples/sync-0024');
const db = (file: string): string => path.join(example, 'database', file);
const files = [
  db('baseline.sql'),
  db('prerequisites/001_organization.sql'),
  db('prerequisites/002_auth.sql'),
  db('migrations/0023_sync_infrastructure.sql'),
  db('fixtures/001_test_data.sql'),
  db('migrations/0024_sync_preview_progress_logs.sql'),
];

/** How long applying the target took, per run: traced, and not. */
const applySteps = { traced: [] as number[], untraced: [] as number[] };

async function gate(trace = true): Promise<void> {
  const flags = { prerequisite: files.slice(1, 3), fixture: [files[4]!] };
  const options = resolveOptions(flags, loadConfig('migration-gate.yml', example), example);
  const report = await runGate({ ...options, target: undefined, progress: new Progress(), trace });
  if (report.verdict !== 'APPROVED' && process.env.BENCH_STRICT) throw new Error(`gate said ${report.verdict}`);
  const [, applyMs] = Object.entries(report.timings).find(([step]) => step.startsWith('apply target')) ?? [];
  applySteps[trace ? 'traced' : 'untraced'].push(applyMs ?? 0);
}

const untraced = (): Promise<void> => gate(false);

const roundTrip = [db('migrations/0024_sync_preview_progress_logs.down.sql'), files[files.length - 1]!];

async function bare(): Promise<void> {
  const server = await startEmbedded(new Progress());
  try {
    const client = new pg.Client(server.connection);
    await client.connect();
    for (const file of [...files, ...roundTrip]) await client.query(readFileSync(file, 'utf8'));
    await client.end();
  } finally {
    await server.stop();
  }
}

async function time(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await gate(); // warm-up: WASM compile, file cache
await bare();
applySteps.traced.length = 0;
/** The naive script: initdb for every run, as a CI job without the template cache would. */
async function bareInitdb(): Promise<void> {
  process.env.MIGRATION_GATE_NO_TEMPLATE = '1';
  try {
    await bare();
  } finally {
    delete process.env.MIGRATION_GATE_NO_TEMPLATE;
  }
}

const gateTimes: number[] = [];
const untracedTimes: number[] = [];
const bareTimes: number[] = [];
const initdbTimes: number[] = [];
for (let i = 0; i < runs; i += 1) {
  bareTimes.push(await time(bare));
  gateTimes.push(await time(gate));
  untracedTimes.push(await time(untraced));
  initdbTimes.push(await time(bareInitdb));
}
const g = median(gateTimes);
const u = median(untracedTimes);
const b = median(bareTimes);
console.log(`runs: ${runs}`);
console.log(
  `bare baseline (fresh cluster from the same template, start, send the ${files.length} files, the down migration and the migration again with pg): median ${b.toFixed(0)} ms`,
);
console.log(`migration-gate (same work + parse, pre-flight, validators, rollback): median ${g.toFixed(0)} ms`);
// The whole gate's medians differ by more than tracing costs on a busy machine; the apply step alone says it.
const tracing = median(applySteps.traced) - median(applySteps.untraced);
console.log(
  `  of which tracing the target: ${tracing.toFixed(0)} ms (${((tracing / g) * 100).toFixed(0)} % of the gate; applying the target takes a median ${median(applySteps.traced).toFixed(0)} ms traced, ${median(applySteps.untraced).toFixed(0)} ms not; the whole gate without tracing: median ${u.toFixed(0)} ms)`,
);
console.log(`naive script (initdb every run, apply with pg): median ${median(initdbTimes).toFixed(0)} ms`);
console.log(`ratio gate/baseline: ${(g / b).toFixed(2)}× (goal ≤ 1.5×); gate ${g <= 2000 ? '≤' : '>'} 2 s`);
