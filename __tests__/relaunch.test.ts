import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseSetup, type Runtime } from '../src/launch/liftoff.js';
import { runInChild } from '../src/launch/relaunch.js';
import { EXAMPLE, ROOT, SEED_REMEDIATION } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The SQL parser's WebAssembly stays on V8's baseline compiler (src/launch):
 * through flags set at run time, or in a child process started with
 * `--liftoff-only`. Either way the user sees the same gate.
 */
const GATE = path.join(ROOT, 'bin/migration-gate.js');
const PEAK_RSS = path.join(ROOT, 'bench/peak-rss.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mg-relaunch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface ProcessPeak {
  pid: number;
  ppid: number;
  execArgv: string[];
  maxRssKb: number;
  newSpaceKb: number;
}

let runs = 0;

/** Runs the bin as a user would, with `node --import bench/peak-rss.mjs` to learn every process's peak. */
function gate(cwd: string, args: string[], liftoff: string) {
  runs += 1;
  const peaks = path.join(scratch, `peaks-${runs}`);
  const result = spawnSync(process.execPath, ['--import', PEAK_RSS, GATE, ...args], {
    cwd,
    env: { ...process.env, MIGRATION_GATE_LIFTOFF: liftoff, PEAK_RSS_FILE: peaks, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const processes = readFileSync(peaks, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProcessPeak);
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, processes };
}

/** Durations differ from run to run; everything else must not. */
const steady = (text: string): string => text.replace(/\d+(\.\d+)? (ms|s)\b/g, 'N ms');

const approved = makeRepo({ 'm/0001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY);\n' });
const blocked = makeRepo({ 'm/0001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE missing ADD x int;\n' });

describe('the gate through a child process (MIGRATION_GATE_LIFTOFF=child)', () => {
  const cases = [
    { name: 'APPROVED', cwd: approved, args: ['check', '--dir', 'm'], status: 0 },
    { name: 'BLOCKED', cwd: blocked, args: ['check', '--dir', 'm'], status: 1 },
    { name: 'a usage error', cwd: approved, args: ['check', '--dir', 'm', '--tool', 'liquibase'], status: 2 },
  ];
  for (const { name, cwd, args, status } of cases) {
    it(`${name}: the exit code and output of the gate run in one process`, () => {
      const here = gate(cwd, args, 'off');
      const child = gate(cwd, args, 'child');
      expect(here.status).toBe(status);
      expect(child.status).toBe(status);
      expect(steady(child.stdout)).toBe(steady(here.stdout));
      // Steps that overlap (the counts beside a snapshot) print as each ends, in either order.
      const lines = (text: string): string[] => steady(text).split('\n').sort();
      expect(lines(child.stderr)).toEqual(lines(here.stderr));
      expect(here.processes).toHaveLength(1);
      // The gate ran in a child of the process started, with the flag and the options node was given.
      const [parent, relaunched] = [...child.processes].sort((a, b) => a.pid - b.pid);
      expect(relaunched!.ppid).toBe(parent!.pid);
      expect(parent!.execArgv).toEqual(['--import', PEAK_RSS]);
      expect(relaunched!.execArgv).toEqual(['--import', PEAK_RSS, '--liftoff-only']);
    }, 60_000);
  }

  it('tells a child that node refused to start from a gate that ran (the gate then runs in this process)', async () => {
    // A flag node refuses: the child exits before it runs any of the gate.
    const outcome = await runInChild(['--no-such-flag-for-node']);
    expect(outcome).toEqual({ failed: 'it exited with 9 before starting' });
  });
});

describe('peak memory on the seed example (issue 13: at most 3× the largest input file + 150 MB)', () => {
  const largest = Math.max(
    ...['database/baseline.sql', 'database/migrations/0024_sync_preview_progress_logs.sql'].map(
      (file) => statSync(path.join(EXAMPLE, file)).size,
    ),
  );
  const goalKb = (3 * largest) / 1024 + 150 * 1024;
  const args = ['check', '-q', ...SEED_REMEDIATION];

  it('within the goal as shipped, in one process', () => {
    const run = gate(EXAMPLE, args, 'auto');
    expect(run.status).toBe(0);
    expect(run.processes).toHaveLength(1);
    expect(run.processes[0]!.maxRssKb).toBeLessThan(goalKb);
    // V8's default lets it grow to 16 MB a semi-space: most of the peak on large inputs.
    expect(run.processes[0]!.newSpaceKb).toBeLessThanOrEqual(4 * 1024);
  }, 60_000);

  it('within the goal in the child process too (the waiting parent apart)', () => {
    const run = gate(EXAMPLE, args, 'child');
    expect(run.status).toBe(0);
    const relaunched = run.processes.find((peak) => peak.execArgv.includes('--liftoff-only'));
    expect(relaunched!.maxRssKb).toBeLessThan(goalKb);
    expect(relaunched!.newSpaceKb).toBeLessThanOrEqual(4 * 1024);
  }, 60_000);
});

describe('choosing how', () => {
  const runtime = (over: Partial<Runtime>): Runtime => ({
    env: {},
    execArgv: [],
    version: '24.21.0',
    hasChannel: false,
    ...over,
  });

  it('sets flags at run time on the Node majors where that was measured to work, else starts a child', () => {
    for (const version of ['20.19.0', '22.23.5', '24.21.0', '26.12.1']) {
      expect(chooseSetup(runtime({ version })).setup).toEqual({ kind: 'run-time flags' });
    }
    for (const version of ['21.7.3', '27.0.0']) {
      expect(chooseSetup(runtime({ version })).setup).toEqual({ kind: 'child process' });
    }
  });

  it('never relaunches a process started with the flag, whatever the environment asks', () => {
    const child = { execArgv: ['--liftoff-only'], env: { MIGRATION_GATE_LIFTOFF: 'child' } };
    expect(chooseSetup(runtime({ ...child, hasChannel: true })).setup).toEqual({
      kind: 'started with the flag',
      relaunched: true,
    });
    expect(chooseSetup(runtime({ ...child, hasChannel: false })).setup).toEqual({
      kind: 'started with the flag',
      relaunched: false,
    });
  });

  it('MIGRATION_GATE_LIFTOFF: off leaves V8 alone, child always relaunches, anything else is auto with a warning', () => {
    expect(chooseSetup(runtime({ env: { MIGRATION_GATE_LIFTOFF: 'off' } })).setup).toEqual({ kind: 'off' });
    expect(chooseSetup(runtime({ env: { MIGRATION_GATE_LIFTOFF: '0' } })).setup).toEqual({ kind: 'off' });
    expect(chooseSetup(runtime({ env: { MIGRATION_GATE_LIFTOFF: 'child' } })).setup).toEqual({
      kind: 'child process',
    });
    expect(chooseSetup(runtime({ env: { MIGRATION_GATE_LIFTOFF: 'yes' } }))).toEqual({
      setup: { kind: 'run-time flags' },
      warning: 'MIGRATION_GATE_LIFTOFF=yes is not one of auto, child, off: using auto',
    });
  });
});
