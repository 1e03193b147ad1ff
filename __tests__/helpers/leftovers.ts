import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * What a gate run can leave behind on this machine (server directories,
 * processes, shared memory), for the tests that kill the gate.
 */

/** Server directories the gate made in `dir` (its TMPDIR), the template cache aside. */
export function serverDirs(dir: string): string[] {
  return readdirSync(dir).filter(
    (name) => name.startsWith('migration-gate-') && !name.startsWith('migration-gate-cache-'),
  );
}

/** Command lines of live processes that mention `text`, the watchdog aside. */
export function processesMentioning(text: string): string[] {
  return execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('watchdog') && !line.trimStart().startsWith('Z'));
}

export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function childrenOf(pid: number): Array<{ pid: number; args: string }> {
  // ps exits 1 when there is none.
  return spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, id, args] = /^\s*(\d+)\s+(.*)$/.exec(line)!;
      return { pid: Number(id), args: args! };
    });
}

/** System V shared memory segments, by id. */
export function segments(): Map<string, { key: number; attached: number }> {
  const rows = execFileSync('ipcs', ['-m'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([key, id]) => /^0x[0-9a-f]+$/i.test(key ?? '') && /^\d+$/.test(id ?? ''));
  return new Map(rows.map(([key, id, , , , attached]) => [id!, { key: Number(key), attached: Number(attached) }]));
}

/** POSIX shared memory segments of PostgreSQL (dynamic shared memory of type posix). */
export function posixSegments(): string[] {
  return existsSync('/dev/shm') ? readdirSync('/dev/shm').filter((name) => name.startsWith('PostgreSQL.')) : [];
}

/**
 * Whether every POSIX segment made since `before` goes or belongs to a live
 * process: other servers on this machine (other test files run beside this
 * one) hold segments of their own while they run; a leaked one is mapped by nobody.
 */
export function posixSegmentsGo(before: string[]): Promise<boolean> {
  return until(() => {
    const fresh = posixSegments().filter((name) => !before.includes(name));
    if (fresh.length === 0) return true;
    const used = segmentsInUse();
    return fresh.every((name) => used.has(name));
  }, 10_000);
}

/** POSIX segments some live process has mapped (its /proc/PID/maps names the file). */
export function segmentsInUse(): Set<string> {
  const used = new Set<string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const match of readFileSync(`/proc/${pid}/maps`, 'utf8').matchAll(/\/dev\/shm\/(PostgreSQL\.\d+)/g)) {
        used.add(match[1]!);
      }
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return used;
}

/** Processes whose working directory is in `dir`: PostgreSQL backends change into their data directory. */
export function workingIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Every file named `name` under `dir`. */
export function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.name === name)
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
