import { spawn } from 'node:child_process';
import os from 'node:os';

/**
 * The gate run again in a child process: the same entry, arguments and
 * environment (the gate's own: GitHub inputs and tokens must reach it; the
 * migration still gets only what src/database/env.ts lets through), stdio
 * shared, plus an IPC channel that tells each side when the other is gone.
 */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STARTED = 'migration-gate:started';

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs this process's entry in `process.execPath` with `flags` added to our
 * own execArgv. Resolves to how the child ended, or to the reason it never
 * got to run the gate (it could not be spawned, or node refused a flag).
 */
export function runInChild(flags: readonly string[]): Promise<Outcome | { failed: string }> {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    env: process.env,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // A process group of its own: a terminal's Ctrl-C reaches the child once,
    // through us, not twice (a second SIGINT during its cleanup would cut it short).
    // On Windows, where there are no process groups, it would open a console window instead.
    detached: process.platform !== 'win32',
  });
  let started = false;
  let forwarded = false;
  const forward = (signal: NodeJS.Signals): void => {
    forwarded = true;
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on('message', (message) => {
    if (message === STARTED) started = true;
  });
  return new Promise((resolve) => {
    const settle = (result: Outcome | { failed: string }): void => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(result);
    };
    child.once('error', (error) => {
      if (!started) settle({ failed: error.message });
    });
    child.once('exit', (code, signal) => {
      settle(started || forwarded ? { code, signal } : { failed: `it exited with ${signal ?? code} before starting` });
    });
  });
}

/** Ends this process as the child ended: the same exit code, or killed by the same signal. */
export function endAs({ code, signal }: Outcome): void {
  if (signal === null) {
    process.exitCode = code ?? 2;
    return;
  }
  // Should the signal be ignored here (a shell's background job ignores SIGINT), the status still says it.
  process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
  process.kill(process.pid, signal);
}

/**
 * In the child: tells the parent the gate is running, and ends the run once
 * the parent is gone, even killed outright (its end of the channel closes):
 * exiting runs the cleanups of src/database/cleanup.ts (servers, directories).
 */
export function followParent(): void {
  process.send?.(STARTED);
  process.once('disconnect', () => process.exit(2));
  // The channel alone must not keep the child alive once the gate is done.
  process.channel?.unref();
}
