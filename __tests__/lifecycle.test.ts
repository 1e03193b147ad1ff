import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  rmSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateBinaries } from '../src/database/binaries.js';
import { ROOT } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';
import {
  alive,
  childrenOf,
  filesNamed,
  posixSegments,
  posixSegmentsGo,
  processesMentioning,
  segments,
  serverDirs as leftInTmp,
  until,
  workingIn,
} from './helpers/leftovers.js';

/**
 * The embedded server must never outlive the gate: not after SIGINT, SIGTERM
 * or even SIGKILL of the gate process (the watchdog's job), whatever the gate
 * was doing — nor may its backends, shared memory or half-built clusters.
 */
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A TMPDIR for the gate; like /tmp, anyone may create entries (the server runs as another user when we are root). */
function tmpDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mg-lifecycle-'));
  chmodSync(dir, 0o1777);
  temps.push(dir);
  return dir;
}

const tmp = tmpDir();
const CACHE = `migration-gate-cache-${process.getuid?.() ?? 'user'}`;
const LOOP = 'DO $$ BEGIN LOOP END LOOP; END $$;\n';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
const isRoot = process.getuid?.() === 0;
const serverDirs = (dir = tmp): string[] => leftInTmp(dir);

const repo = makeRepo({ 'm/0001_loop.sql': `CREATE TABLE t (id int);\n${LOOP}` });
chmodSync(repo, 0o755);
const plain = makeRepo({ 'm/0001_t.sql': 'CREATE TABLE t (id int);\n' });
chmodSync(plain, 0o755);

const GATE = path.join(ROOT, 'bin/migration-gate.js');

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** Starts the gate; `exited` settles when it ends. */
function startGate(
  cwd: string,
  env: NodeJS.ProcessEnv,
): { pid: number; kill: (signal: NodeJS.Signals) => void; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [GATE, 'check', '--dir', 'm'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { pid: child.pid!, kill: (signal) => child.kill(signal), exited };
}

function runGate(cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [GATE, 'check', '--dir', 'm', '--format', 'json', '-q'], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Where the gate runs: in the process started (`here`), or in the child
 * process it starts with V8's baseline compiler (`child`, see src/launch),
 * which must end with its parent — even a parent killed outright.
 */
const KILLS = [
  ...SIGNALS.map((signal) => ({ signal, liftoff: 'auto' })),
  { signal: 'SIGTERM', liftoff: 'child' },
  { signal: 'SIGKILL', liftoff: 'child' },
] as const;

describe('nothing outlives the gate', () => {
  for (const { signal, liftoff } of KILLS) {
    const through = liftoff === 'child' ? ' to the parent of the gate’s child process' : '';
    it(`on ${signal}${through} during a statement that loops: no server, backend, directory or shared memory`, async () => {
      const posixBefore = posixSegments();
      const gate = startGate(repo, { TMPDIR: tmp, MIGRATION_GATE_LIFTOFF: liftoff });
      let postmaster = 0;
      let backends: number[] = [];
      const looping = (): boolean => {
        const [dir] = serverDirs();
        const pidFile = dir && path.join(tmp, dir, 'data', 'postmaster.pid');
        if (!pidFile || !existsSync(pidFile)) return false;
        postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        const children = childrenOf(postmaster);
        backends = children.map((child) => child.pid);
        return children.some((child) => child.args.endsWith(' DO'));
      };
      expect(await until(looping, 30_000)).toBe(true);
      const [dir] = serverDirs();
      // Line 7 of postmaster.pid: the key and id of the server's System V segment.
      const shmid = readFileSync(path.join(tmp, dir!, 'data', 'postmaster.pid'), 'utf8')
        .split('\n')[6]!
        .trim();
      const [, id] = shmid.split(/\s+/);
      expect(segments().has(id!)).toBe(true);
      const relaunched = childrenOf(gate.pid).filter((child) => child.args.includes('--liftoff-only'));
      expect(relaunched).toHaveLength(liftoff === 'child' ? 1 : 0);

      gate.kill(signal);
      expect((await gate.exited).signal).toBe(signal);
      if (signal !== 'SIGKILL') expect(serverDirs()).toEqual([]);
      const gone = (): boolean =>
        serverDirs().length === 0 &&
        !alive(postmaster) &&
        [...backends, ...relaunched.map((child) => child.pid)].every((pid) => !alive(pid));
      expect(await until(gone, 15_000)).toBe(true);
      expect(processesMentioning(tmp)).toEqual([]);
      expect(segments().has(id!)).toBe(false);
      expect(await posixSegmentsGo(posixBefore)).toBe(true);
    }, 60_000);
  }

  // No template is ever published there: each run builds it anew.
  const fresh = tmpDir();
  for (const signal of SIGNALS) {
    it(`on ${signal} while the template cluster is first built: no initdb, no half-made cluster, no shared memory`, async () => {
      const posixBefore = posixSegments();
      // Segments left on this machine by anything before (another run's leak) are not this run's.
      const segmentsBefore = new Set(segments().keys());
      const gate = startGate(plain, { TMPDIR: fresh });
      let dataDir = '';
      const bootstrapping = (): boolean => {
        const initdb = processesMentioning(fresh).find((line) => line.includes('initdb'));
        dataDir = /-D (\S+)/.exec(initdb ?? '')?.[1] ?? '';
        // initdb's standalone backend, which holds shared memory, runs in the new cluster.
        return dataDir !== '' && workingIn(dataDir).length > 0;
      };
      expect(await until(bootstrapping, 30_000)).toBe(true);
      // PostgreSQL's System V key is the data directory's inode (or the next free number up);
      // a segment nobody is attached to any more is left behind.
      const ino = statSync(dataDir).ino;
      const leaked = (): number[] =>
        [...segments()]
          .filter(
            ([id, { key, attached }]) => !segmentsBefore.has(id) && key >= ino && key < ino + 16 && attached === 0,
          )
          .map(([, { key }]) => key);
      gate.kill(signal);
      expect((await gate.exited).signal).toBe(signal);
      const gone = (): boolean =>
        processesMentioning(fresh).length === 0 &&
        workingIn(dataDir).length === 0 &&
        serverDirs(fresh).length === 0 &&
        filesNamed(fresh, 'PG_VERSION').length === 0;
      expect(await until(gone, 15_000)).toBe(true);
      const cache = path.join(fresh, CACHE);
      const entries = existsSync(cache) ? readdirSync(cache) : [];
      expect(entries.filter((name) => name.startsWith('building-'))).toEqual([]);
      // A leaked segment stays for ever; another test's server shutting down beside this one (its data
      // directory's inode may be close to this one's) detaches from its own and removes it a moment later.
      expect(await until(() => leaked().length === 0, 30_000)).toBe(true);
      expect(await posixSegmentsGo(posixBefore)).toBe(true);
    }, 90_000);
  }
});

describe('the template cache', () => {
  it('is one per PostgreSQL build, shared by every checkout, and sheds what other builds left', () => {
    const shared = tmpDir();
    expect(runGate(plain, { TMPDIR: shared }).status).toBe(0);
    const cache = path.join(shared, CACHE);
    // Left by other builds (or by earlier versions of the gate), unused for two hours.
    const old = Date.now() / 1000 - 2 * 3600;
    for (const name of ['building-0a1b2c3d4e5f', 'cluster-0123456789abcdef']) {
      mkdirSync(path.join(cache, name, 'base'), { recursive: true });
      utimesSync(path.join(cache, name), old, old);
    }
    mkdirSync(path.join(cache, 'in-use-by-another-build'));

    // Another checkout of the same build: its binaries sit elsewhere.
    const checkout = tmpDir();
    symlinkSync(locateBinaries().binDir, path.join(checkout, 'bin'));
    expect(runGate(plain, { TMPDIR: shared, MIGRATION_GATE_PG_BIN: path.join(checkout, 'bin') }).status).toBe(0);

    const clusters = filesNamed(cache, 'PG_VERSION').filter((file) => existsSync(path.join(file, '..', 'global')));
    expect(clusters).toHaveLength(1);
    const entries = readdirSync(cache);
    expect(entries).not.toContain('building-0a1b2c3d4e5f');
    expect(entries).not.toContain('cluster-0123456789abcdef');
    expect(entries).toContain('in-use-by-another-build');
  }, 120_000);
});

describe('the server user', () => {
  it('runs the server even when the binaries sit in a private directory (root, mode 0700)', () => {
    if (!isRoot) {
      console.info('skipped: only root runs the server as another user');
      return;
    }
    const hidden = mkdtempSync(path.join(os.tmpdir(), 'mg-private-'));
    temps.push(hidden);
    expect(statSync(hidden).mode & 0o777).toBe(0o700);
    cpSync(path.dirname(locateBinaries().binDir), path.join(hidden, 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const run = runGate(plain, { TMPDIR: tmpDir(), MIGRATION_GATE_PG_BIN: path.join(hidden, 'native', 'bin') });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).verdict).toBe('APPROVED');
  }, 120_000);

  it('runs as an unprivileged user too (not only as root)', () => {
    if (!isRoot || !existsSync('/usr/bin/setpriv')) {
      console.info(
        'skipped: needs root and setpriv to switch to an unprivileged user; the normal-user path is the default otherwise',
      );
      return;
    }
    const example = path.join(ROOT, 'examples/sync-0024');
    const run = (): string =>
      execFileSync(
        '/usr/bin/setpriv',
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          GATE,
          'check',
          '-q',
          '--format',
          'json',
        ],
        {
          cwd: example,
          env: { ...process.env, TMPDIR: tmp, HOME: tmp },
          encoding: 'utf8',
        },
      );
    let output: string;
    try {
      output = run();
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? '');
    }
    expect(JSON.parse(output).verdict).toBe('BLOCKED');
    expect(serverDirs()).toEqual([]);
  }, 60_000);
});
