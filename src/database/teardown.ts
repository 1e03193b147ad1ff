import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { minimalEnv } from './env.js';
import { runProcess } from './process.js';

/**
 * Removes whatever an embedded run left in its directory ($1), in any state:
 *
 * - The server gets SIGQUIT, PostgreSQL's immediate shutdown: the postmaster
 *   takes its backends with it (even one looping in PL/pgSQL, and the programs
 *   they run), deletes its System V shared memory segment, and removes
 *   postmaster.pid last. One that is still there after 5 s is killed, and its
 *   segment (the id on line 7 of postmaster.pid) removed for it: killed, it
 *   would leave the segment behind forever. (A negative pid there is a
 *   standalone backend of initdb's, never a process group to signal.)
 * - initdb and cp still working on the directory are killed: their command
 *   lines name it. On Linux /proc is read (slim containers have no `ps`), and
 *   grep takes the pattern from stdin, so grep's own command line does not match.
 * - The directory goes once no process works in it any more: the standalone
 *   backend of a killed initdb reads the end of its input and exits, taking
 *   its shared memory (System V and POSIX) with it — unless the directory
 *   vanished under it first, which makes it PANIC and leave both behind. One
 *   still there after 10 s is killed instead. A process that was killed (or
 *   died) leaves its System V segment: once they are all gone, a segment
 *   nobody is attached to that one of them created (/proc/sysvipc/shm) is
 *   removed.
 * - A backend initdb had started but that was not yet working in the
 *   directory when it was looked for (under load, between initdb's fork and
 *   its chdir) outlives it and leaves its segment: once no process works in
 *   the removed directory, a segment keyed as PostgreSQL keys it (the data
 *   directory's inode, or one of the next numbers), nobody attached and its
 *   creator gone, is removed too. Not after a server that stopped on
 *   SIGQUIT where nothing had to be killed: it took its backends with it, and
 *   no initdb was running (a run's server starts once initdb is done).
 * - It waits in steps of 4 ms for the server and spawns as few programs as it
 *   can: a stop was 50 ms of every run, 25 of them waiting and spawning.
 */
const TEARDOWN = `
teardown() {
  pidfile="$1/data/postmaster.pid"
  pm=
  { read -r pm < "$pidfile"; } 2>/dev/null
  case "$pm" in *[!0-9]*) pm= ;; esac
  clean=
  if [ -n "$pm" ] && kill -QUIT "$pm" 2>/dev/null; then
    i=0
    while [ -e "$pidfile" ] && [ $i -lt 1250 ]; do sleep 0.004; i=$((i + 1)); done
    [ -e "$pidfile" ] || clean=1
  fi
  if [ -e "$pidfile" ]; then
    [ -n "$pm" ] && kill -KILL "$pm" 2>/dev/null
    shm=$(sed -n 7p "$pidfile")
    [ -n "$shm" ] && ipcrm -m "\${shm##* }" 2>/dev/null
  fi
  killed=$(pids $(working_on "$1/"))
  for pid in $killed; do kill -KILL "$pid" 2>/dev/null; done
  inside=$(pids $(working_in "$1/"))
  left=$inside
  i=0
  while [ -n "$left" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); left=$(pids $(working_in "$1/")); done
  for pid in $left; do kill -KILL "$pid" 2>/dev/null; done
  [ -n "$left" ] && sleep 0.2
  [ -n "$killed$inside" ] && [ -r /proc/sysvipc/shm ] && forsaken $killed $inside | while read -r id; do ipcrm -m "$id" 2>/dev/null; done
  inodes=
  [ -z "$clean$killed$inside" ] && inodes=$(stat -c %i "$1/data" "$1/template" 2>/dev/null)
  rm -rf "$1"
  if [ -n "$inodes" ] && [ -r /proc/sysvipc/shm ]; then
    i=0
    while [ -n "$(working_in "$1/")" ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
    for pid in $(pids $(working_in "$1/")); do kill -KILL "$pid" 2>/dev/null; done
    orphaned $inodes | while read -r id; do ipcrm -m "$id" 2>/dev/null; done
  fi
}
pids() {
  for path in "$@"; do path=\${path#/proc/}; echo "\${path%%/*}"; done
}
orphaned() {
  awk -v inodes=" $* " 'NR > 1 && $7 == 0 { for (i = 0; i < 16; i++) if (index(inodes, " " ($1 - i) " ")) { print $2, $5; break } }' /proc/sysvipc/shm |
    while read -r id cpid; do [ -d "/proc/$cpid" ] || echo "$id"; done
}
forsaken() {
  awk -v pids=" $* " 'NR > 1 && $7 == 0 && index(pids, " " $5 " ") { print $2 }' /proc/sysvipc/shm
}
working_on() {
  if [ -d /proc/self ]; then
    printf '%s\\n' "$1" | grep -laFf - /proc/[0-9]*/cmdline 2>/dev/null
  else
    ps -A -o pid= -o args= | P="$1" awk 'index($0, ENVIRON["P"]) { print "/proc/" $1 }'
  fi
}
working_in() {
  [ -d /proc/self ] && find /proc/[0-9]*/cwd -maxdepth 0 -lname "$1*" 2>/dev/null
}
`;

/**
 * Tears the run in `dir` down (see TEARDOWN), waiting for it. Windows has
 * neither the shell nor the signals: the server is terminated there.
 */
export async function teardown(dir: string, server: ChildProcess | undefined): Promise<void> {
  if (process.platform !== 'win32') {
    await runProcess('sh', ['-c', `${TEARDOWN}teardown "$1"`, 'teardown', dir]);
    // The server removes postmaster.pid a moment before it is gone: until then it still shows the
    // directory in its arguments (the teardown no longer waits 20 ms and more after it).
    if (server) await gone(server, EXIT_WAIT_MS);
    return;
  }
  if (server && running(server)) {
    const exited = gone(server);
    server.kill();
    await exited;
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

const EXIT_WAIT_MS = 2_000;

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Once the child has exited and was reaped (at most `ms` later, where given: a process stuck in the kernel). */
export function gone(child: ChildProcess, ms?: number): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The same, synchronously: for exit and signal handlers, where nothing asynchronous runs any more. */
export function teardownSync(dir: string, server: ChildProcess | undefined): void {
  if (process.platform === 'win32') {
    server?.kill();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    return;
  }
  execFileSync('sh', ['-c', `${TEARDOWN}teardown "$1"`, 'teardown', dir], {
    env: minimalEnv(),
    stdio: 'ignore',
    timeout: 30_000,
  });
}

/**
 * A detached shell that outlives us only to tear the run down: if this
 * process is killed outright (SIGKILL, OOM), no `finally` or exit hook runs.
 * It ends by itself once the directory is gone.
 */
export function watchdog(dir: string): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script = `${TEARDOWN}
while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
[ -d "$2" ] && teardown "$2"`;
  const child = spawn('sh', ['-c', script, 'watchdog', String(process.pid), dir], {
    detached: true,
    env: minimalEnv(),
    stdio: 'ignore',
  });
  child.unref();
  return child;
}
