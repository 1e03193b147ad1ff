/**
 * The gate against a bare script doing the same physical work without it: a
 * fresh cluster from the same template, start, the same SQL files sent with
 * pg (setup, the migration, its down and the migration again, as the gate's
 * rollback round trip applies them). Both are measured in this run,
 * alternating, so the ratios hold on any machine: the ratio shown is the
 * median of each gate run's over the bare run just before it (and beside it,
 * what the gate adds in ms, the same way). Scenarios: the seed
 * example, production-size baselines, long histories, a wide table, a data
 * migration of 20 MB in the history and under review (memory, for its
 * largest input file).
 * Goals: gate/bare ≤ 1.2×, growth with size at most linear (the largest of a
 * family of scenarios against its smallest, bench/growth.ts), and peak memory
 * ≤ 3× the largest input file + 150 MB
 * (measured on bin/migration-gate.js and the bundle in dist/, which `npm run
 * bench` builds first, as users run it). The
 * gate also runs without tracing the target (the look at locks, rewrites and
 * scans after each statement) and without its behaviour probes (`probes:
 * off`), to say what each costs: the probes are most of what it adds to a
 * small schema.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/load.js';
import { resolveOptions } from '../src/config/options.js';
import { startEmbedded } from '../src/database/embedded.js';
import { runGate } from '../src/gate.js';
import { DEFAULT_PROBES } from '../src/probes/model.js';
import { Progress } from '../src/progress.js';
import { renderJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { GateReport } from '../src/types.js';
import { runsHere } from '../src/launch/index.js';
import { collectNow } from '../src/launch/heap.js';
import { baselineOf, dataMigration, dataUnderReview, historyOf, wideTable, type Scenario } from './scenarios.js';
import { goalLines, type ScenarioResult } from './goals.js';
import { growthLines, type SizedResult } from './growth.js';

const only = process.env.BENCH_ONLY;
const quick = process.env.BENCH_QUICK === '1';

// The gate's timings under the V8 settings its entries ship with (MIGRATION_GATE_LIFTOFF
// decides, src/launch); should that run the bench in a child process, this one only waits.
if (!(await runsHere())) process.exit();

const example = path.resolve('examples/sync-0024');
const db = (file: string): string => path.join(example, 'database', file);
const seedFlags = {
  prerequisite: [db('prerequisites/001_organization.sql'), db('prerequisites/002_auth.sql')],
  fixture: [db('fixtures/001_test_data.sql')],
};
const seed: Scenario & { flags: typeof seedFlags } = {
  name: 'seed example (examples/sync-0024)',
  dir: example,
  flags: seedFlags,
  bareFiles: [
    db('baseline.sql'),
    ...seedFlags.prerequisite,
    db('migrations/0023_sync_infrastructure.sql'),
    ...seedFlags.fixture,
    db('migrations/0024_sync_preview_progress_logs.sql'),
    db('migrations/0024_sync_preview_progress_logs.down.sql'),
    db('migrations/0024_sync_preview_progress_logs.sql'),
  ],
  runs: Number(process.env.BENCH_RUNS ?? 7),
};

const scenarios: (Scenario & { flags?: Record<string, string[]> })[] = [
  seed,
  baselineOf(1_000, quick ? 1 : 5),
  baselineOf(5_000, quick ? 1 : 3),
  historyOf(1_000, quick ? 1 : 5),
  historyOf(4_000, quick ? 1 : 3),
  wideTable(quick ? 1 : 5),
  dataMigration(quick ? 1 : 3),
  dataUnderReview(1),
];

let lastReport: GateReport | undefined;

/** What a gate run leaves out: the trace of the target, or the behaviour probes (`probes: off`). */
interface Without {
  trace?: false;
  probes?: false;
}

/** Runs the gate; gives back how long applying the target took (the step tracing slows down). */
async function gate(scenario: Scenario & { flags?: Record<string, string[]> }, without: Without = {}): Promise<number> {
  const options = resolveOptions(scenario.flags ?? {}, loadConfig('migration-gate.yml', scenario.dir), scenario.dir);
  const probes = without.probes === false ? { ...(options.probes ?? DEFAULT_PROBES), enabled: false } : options.probes;
  const report = await runGate({
    ...options,
    probes,
    target: undefined,
    progress: new Progress(),
    trace: without.trace ?? true,
  });
  if (report.verdict !== 'APPROVED') throw new Error(`${scenario.name}: the gate said ${report.verdict}`);
  // The report's size and slowest steps are those of the gate as shipped.
  if (without.trace === undefined && without.probes === undefined) lastReport = report;
  return Object.entries(report.timings).find(([step]) => step.startsWith('apply target'))?.[1] ?? 0;
}

/** report.json and report.md of the last run, in KB: they must stay small however long the history. */
function reportSizes(): string {
  const kb = (text: string): string => (Buffer.byteLength(text) / 1024).toFixed(0);
  return lastReport ? `${kb(renderJson(lastReport))} / ${kb(renderMarkdown(lastReport))} KB` : '?';
}

/** The slowest steps of the last run (report timings), where the time over the bare script goes. */
function slowestSteps(): string {
  const steps = Object.entries(lastReport?.timings ?? {}).filter(([step]) => step !== 'total_ms');
  return steps
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([step, ms]) => `${step} ${ms}`)
    .join(', ');
}

/** A file is sent as one message, as the gate's fast path does; a big one in batches the lock table can hold. */
async function bare(scenario: Scenario): Promise<void> {
  const server = await startEmbedded(new Progress());
  try {
    const client = new pg.Client(server.connection);
    await client.connect();
    for (const file of scenario.bareFiles) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let at = 0; at < lines.length; at += 2_000) await client.query(lines.slice(at, at + 2_000).join('\n'));
    }
    await client.end();
  } finally {
    await server.stop();
  }
}

/**
 * Each run starts from a collected heap, as a user's run (one per process)
 * does: one run's garbage made every other gate run pay a collection for it.
 */
async function time(fn: () => Promise<void>): Promise<number> {
  collectNow();
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The peak resident memory of the gate as users run it: bin/migration-gate.js
 * in a process of its own, with MIGRATION_GATE_LIFTOFF set to `liftoff` (see
 * src/launch). Where the gate runs in a child process, the peak of the two is
 * at most the sum of each one's own peak (bench/peak-rss.mjs records them; a
 * process's maxRSS never includes its children's, and the kernel's figure for
 * waited-for children is the largest one's, not their sum): the sum is
 * counted, an upper bound that is nearly exact, since the parent only waits.
 */
function peakMemoryMb(scenario: Scenario & { flags?: Record<string, string[]> }, liftoff: string): number {
  const flags = Object.entries(scenario.flags ?? {}).flatMap(([flag, files]) => files.flatMap((f) => [`--${flag}`, f]));
  const peaks = path.join(os.tmpdir(), `migration-gate-bench-peaks-${process.pid}`);
  rmSync(peaks, { force: true });
  const gateBin = path.resolve('bin/migration-gate.js');
  const run = spawnSync(
    process.execPath,
    ['--import', path.resolve('bench/peak-rss.mjs'), gateBin, 'check', '-q', ...flags],
    {
      cwd: scenario.dir,
      env: { ...process.env, MIGRATION_GATE_LIFTOFF: liftoff, PEAK_RSS_FILE: peaks },
      stdio: 'ignore',
    },
  );
  // Exit 1 (BLOCKED) is a verdict too: only the memory counts here.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${scenario.name}: the gate exited with ${run.status}`);
  const kb = readFileSync(peaks, 'utf8')
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + (JSON.parse(line) as { maxRssKb: number }).maxRssKb, 0);
  rmSync(peaks, { force: true });
  return kb / 1024;
}

const rows: string[] = [];
const sized: SizedResult[] = [];
const measured: ScenarioResult[] = [];
for (const scenario of scenarios) {
  if (only && !scenario.name.includes(only)) continue;
  await gate(scenario); // warm-up: WASM compile, file cache, template cluster
  await bare(scenario);
  const gateTimes: number[] = [];
  const untracedTimes: number[] = [];
  const bareTimes: number[] = [];
  const apply = { traced: [] as number[], untraced: [] as number[] };
  // Each run of the gate against the bare run beside it: the machine's load drifts over a scenario's
  // minutes, and a pair measured seconds apart shares it (the ratio of the two medians mixed moments).
  const ratios: number[] = [];
  // What the gate adds, in ms: work both do (starting and stopping the server) made faster shows in the
  // ratio as a step back, since it shrinks the bare run more, in proportion, than the gate's.
  const overheads: number[] = [];
  // The gate without its behaviour probes, against the same bare run: what the probes cost, in the ratio.
  const unprobed = { times: [] as number[], ratios: [] as number[] };
  for (let i = 0; i < scenario.runs; i++) {
    bareTimes.push(await time(() => bare(scenario)));
    const traced = async (): Promise<void> => {
      gateTimes.push(await time(async () => void apply.traced.push(await gate(scenario))));
    };
    const untraced = async (): Promise<void> => {
      untracedTimes.push(await time(async () => void apply.untraced.push(await gate(scenario, { trace: false }))));
    };
    const withoutProbes = async (): Promise<void> => {
      unprobed.times.push(await time(async () => void (await gate(scenario, { probes: false }))));
    };
    // Any of them may gain from running right after another: they take turns going first.
    const order = [traced, untraced, withoutProbes];
    for (const run of [...order.slice(i % 3), ...order.slice(0, i % 3)]) await run();
    ratios.push(gateTimes.at(-1)! / bareTimes.at(-1)!);
    overheads.push(gateTimes.at(-1)! - bareTimes.at(-1)!);
    unprobed.ratios.push(unprobed.times.at(-1)! / bareTimes.at(-1)!);
  }
  const g = median(gateTimes);
  const b = median(bareTimes);
  // The whole gate's medians differ by more than tracing costs on a busy machine; the apply step alone says it.
  const tracing = median(apply.traced) - median(apply.untraced);
  const largest = Math.max(...scenario.bareFiles.map((f) => statSync(f).size)) / 1024 / 1024;
  const [shipped, child, tiering] = ['auto', 'child', 'off'].map((liftoff) => peakMemoryMb(scenario, liftoff));
  const memoryGoal = 3 * largest + 150;
  const row = `| ${scenario.name} | ${b.toFixed(0)} ms | ${g.toFixed(0)} ms | ${median(ratios).toFixed(2)}× | ${median(overheads).toFixed(0)} ms | ${median(untracedTimes).toFixed(0)} ms | ${median(unprobed.times).toFixed(0)} ms (${median(unprobed.ratios).toFixed(2)}×) | ${tracing.toFixed(0)} ms (apply ${median(apply.traced).toFixed(0)} / ${median(apply.untraced).toFixed(0)} ms) | ${shipped!.toFixed(0)} / ${child!.toFixed(0)} / ${tiering!.toFixed(0)} MB (goal ≤ ${memoryGoal.toFixed(0)} MB) | ${reportSizes()} |`;
  console.log(row);
  console.log(`  slowest steps (ms): ${slowestSteps()}`);
  rows.push(row);
  measured.push({ name: scenario.name, ratio: median(ratios), peakMb: shipped!, memoryGoalMb: memoryGoal });
  if (scenario.size) sized.push({ ...scenario.size, gate: g, bare: b });
  if (scenario !== seed) rmSync(scenario.dir, { recursive: true, force: true });
}
console.log(
  '\n| scenario | bare | gate | gate/bare | gate − bare | gate untraced | gate without probes (/bare) | tracing (apply traced / untraced) | peak memory (as shipped / in a child process / V8 tiering up) | report.json / .md |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
);
for (const row of rows) console.log(row);
const growth = growthLines(sized);
if (growth.length > 0)
  console.log(`\nGrowth with size (linear: as the size):\n${growth.map((line) => `  ${line}`).join('\n')}`);
const goals = goalLines(measured, sized, seed.name);
console.log(`\nGoals, in this run:\n${goals.map((line) => `  ${line}`).join('\n')}`);
