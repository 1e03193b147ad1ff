import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, chownSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { locateBinaries, type PostgresBinaries } from './binaries.js';
import { buildCache } from './cache.js';
import { InfrastructureError } from '../errors.js';
import type { Database } from './provider.js';
import { registerCleanup } from './cleanup.js';
import { reachableBinaries } from './reachable.js';
import { withStandIns } from './stand-ins.js';
import { gone, teardown, teardownSync, watchdog } from './teardown.js';
import { serverTmpDir } from './tmp.js';
import { unprivilegedUser } from './server-user.js';
import { minimalEnv } from './env.js';
import { copyCluster, initdb, templateCluster, type RunAs } from './template.js';
import type { Progress } from '../progress.js';

/**
 * Starts a throw-away PostgreSQL 17 cluster in a temp directory on a free
 * port. The server runs as an unprivileged user when we are root (PostgreSQL
 * refuses root). Everything the run makes goes into its directory, which a
 * detached watchdog tears down should this process die without running its
 * cleanup.
 */
export async function startEmbedded(
  progress: Progress,
  bins: PostgresBinaries = locateBinaries(),
  /** Called once the start waits on another process (src/database/select.ts `DatabaseStarter`). */
  waiting: () => void = () => undefined,
): Promise<Database> {
  const runAs = unprivilegedUser();
  const dir = makeServerDir(serverTmpDir(runAs));
  let server: ChildProcess | undefined;
  const guard = watchdog(dir);
  const unregister = registerCleanup(() => {
    teardownSync(dir, server);
    guard?.kill('SIGKILL');
  });
  const stop = async (): Promise<void> => {
    unregister();
    await teardown(dir, server);
    guard?.kill('SIGKILL');
    if (guard) await gone(guard, 2_000);
  };
  try {
    if (runAs.uid !== undefined) chownSync(dir, runAs.uid, runAs.gid ?? runAs.uid);
    const runnable = await prepareCluster(progress, bins, dir, runAs, waiting);
    const started = await progress.step('start PostgreSQL', () =>
      startOnFreePort(runnable, path.join(dir, 'data'), dir, runAs),
    );
    server = started.child;
    const { port } = started;
    return {
      kind: 'embedded',
      connection: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' },
      display: `embedded PostgreSQL on 127.0.0.1:${port}`,
      disposable: true,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Makes the data directory `data` in the run's directory and returns the
 * binaries to run it with. Windows has no template (cp -Rp, uids) and no
 * other user to run as.
 */
async function prepareCluster(
  progress: Progress,
  bins: PostgresBinaries,
  dir: string,
  runAs: RunAs,
  waiting: () => void,
): Promise<PostgresBinaries> {
  const dataDir = path.join(dir, 'data');
  if (process.platform === 'win32') {
    waiting();
    await progress.step('initdb', () => initdb(bins, dataDir, runAs));
    return bins;
  }
  const { entry, runnable } = await progress.step('server binaries', async () => {
    const entry = await buildCache(bins, runAs);
    return { entry, runnable: await withStandIns(await reachableBinaries(bins, entry, dir, runAs), entry, dir) };
  });
  if (process.env.MIGRATION_GATE_NO_TEMPLATE) {
    waiting();
    await progress.step('initdb', () => initdb(runnable, dataDir, runAs));
  } else {
    const template = await progress.step('template cluster', () =>
      templateCluster(runnable, entry, dir, runAs, waiting),
    );
    // The copy is a process of its own from here: parsing beside it no longer delays it.
    const copying = progress.step('copy cluster', () => copyCluster(template, dataDir, runAs));
    waiting();
    await copying;
  }
  return runnable;
}

function makeServerDir(parent: string): string {
  try {
    return mkdtempSync(path.join(parent, 'migration-gate-'));
  } catch (error) {
    throw new InfrastructureError(
      `cannot create the server's directory in ${parent}: ${(error as Error).message} (set TMPDIR to a writable directory)`,
    );
  }
}

/**
 * A port found free can be taken before the server binds it (an outgoing
 * connection anywhere on the machine may get it from the same range): the
 * server then says so and exits, and another port is tried.
 */
async function startOnFreePort(
  bins: PostgresBinaries,
  dataDir: string,
  socketDir: string,
  runAs: RunAs,
): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { child: await startServer(bins, dataDir, socketDir, port, runAs), port };
    } catch (error) {
      const taken = error instanceof InfrastructureError && error.message.includes('Address already in use');
      if (!taken || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

const PORT_ATTEMPTS = 3;

function startServer(
  bins: PostgresBinaries,
  dataDir: string,
  socketDir: string,
  port: number,
  runAs: RunAs,
): Promise<ChildProcess> {
  // Durability is pointless for a cluster that lives for seconds. Dynamic
  // shared memory as files in the data directory (not POSIX segments in
  // /dev/shm) goes with the directory even when the server is killed. A
  // backend whose client is gone (the gate was killed) stops within a second,
  // even in the middle of a statement that would never end.
  // A production dump loaded in one transaction locks every table and index it creates: the default
  // lock table (64 per connection) runs out at a few thousand tables. The table has
  // max_locks_per_transaction × (max_connections + 22 background slots) entries: 2048 × 42 holds
  // the locks of some 12,000 tables. Its size is also what start-up initialises and what pg_locks
  // reads through after every traced statement: the default 100 connections (the gate opens at
  // most five) made both cost half as much again.
  const settings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'dynamic_shared_memory_type=mmap',
    'max_connections=20',
    'max_locks_per_transaction=2048',
  ];
  if (process.platform !== 'win32') settings.push('client_connection_check_interval=1s');
  const args = ['-D', dataDir, '-p', String(port), '-k', socketDir, '-h', '127.0.0.1'];
  for (const setting of settings) args.push('-c', setting);
  const child = spawn(bins.postgres, args, { ...runAs, env: minimalEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new InfrastructureError(`PostgreSQL did not start within 30 s:\n${log}`));
    }, 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new InfrastructureError(`PostgreSQL exited during start (code ${code}):\n${log.trim()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new InfrastructureError(`cannot run ${bins.postgres}: ${error.message}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
