/**
 * Who the embedded server runs as: PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { InfrastructureError } from '../errors.js';
import { minimalEnv } from './env.js';
import type { RunAs } from './template.js';

/** As root, the server runs as `postgres` when that user exists, else `nobody`. */
export function unprivilegedUser(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  for (const name of ['postgres', 'nobody']) {
    const found = localUser(name) ?? directoryUser(name);
    if (found) return found;
  }
  throw new InfrastructureError(
    'running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as',
  );
}

/**
 * The user as /etc/passwd has it (where name services look first): read, not
 * asked of `id`, whose two runs forked this process, large by then, for some
 * 30 ms at every start.
 */
function localUser(name: string): RunAs | undefined {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && /^\d+$/.test(uid ?? '') && /^\d+$/.test(gid ?? ''))
      return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/** A user only a directory service knows (LDAP, sssd): `id` asks it. */
function directoryUser(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', env: minimalEnv() }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', env: minimalEnv() }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}
