import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The embedded server must never outlive the gate: not after SIGINT, SIGTERM
 * or even SIGKILL of the gate process (the watchdog's job).
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mg-lifecycle-'));
// Like /tmp: anyone may create entries (the unprivileged-user test needs it).
chmodSync(tmp, 0o1777);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const repo = makeRepo({ 'm/0001_slow.sql': 'BEGIN;\nCREATE TABLE t (id int);\nSELECT pg_sleep(60);\nCOMMIT;\n' });
chmodSync(repo, 0o755);

function serverDirs(): string[] {
  return readdirSync(tmp).filter(
    (name) => name.startsWith('migration-gate-') && !name.startsWith('migration-gate-cache-'),
  );
}

function postgresProcesses(): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(tmp) && !line.includes('watchdog'));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

async function interrupted(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/migration-gate.js'), 'check', '--dir', 'm'], {
    cwd: repo,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  // Wait until the migration is sleeping inside the server.
  expect(await until(() => stderr.includes('pre-flight'), 30_000)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(serverDirs()).toHaveLength(1);
  child.kill(signal);
  return exited;
}

describe('no server or directory outlives the gate', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal}`, async () => {
      const exit = await interrupted(signal);
      expect(exit.signal).toBe(signal);
      expect(serverDirs()).toEqual([]);
      expect(await until(() => postgresProcesses().length === 0, 5_000)).toBe(true);
    }, 60_000);
  }

  it('on SIGKILL, through the watchdog', async () => {
    const segments = (): string[] =>
      existsSync('/dev/shm') ? readdirSync('/dev/shm').filter((n) => n.startsWith('PostgreSQL.')) : [];
    const before = segments();
    const exit = await interrupted('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(await until(() => serverDirs().length === 0 && postgresProcesses().length === 0, 10_000)).toBe(true);
    // A killed server leaves POSIX shared memory behind; the gate's servers keep theirs in the data directory.
    expect(segments().filter((n) => !before.includes(n))).toEqual([]);
  }, 60_000);

  it('runs as an unprivileged user too (not only as root)', () => {
    const isRoot = process.getuid?.() === 0;
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
          path.join(ROOT, 'bin/migration-gate.js'),
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
