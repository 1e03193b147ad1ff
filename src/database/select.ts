import { ConfigError } from '../errors.js';
import type { Progress } from '../progress.js';
import type { PostgresBinaries } from './binaries.js';
import { startContainer } from './container.js';
import { startEmbedded } from './embedded.js';
import { startNeonBranch, type NeonDatabase, type NeonOptions } from './neon.js';
import type { Database } from './provider.js';
import { connectUrl } from './url.js';

/** Where the gate runs, as chosen by flags or inputs. */
export interface DatabaseChoice {
  databaseUrl?: string;
  commit?: boolean;
  /** Used when `projectId` is set. */
  neon?: { projectId?: string; apiKey?: string; parentBranch?: string; apiHost?: string; branchName: string } & Pick<
    NeonOptions,
    'database' | 'role' | 'expiresInSeconds' | 'schemaOnly' | 'reuse'
  >;
  image?: string;
  /** How to get the embedded server's binaries (the action downloads them). */
  binaries?: () => Promise<PostgresBinaries>;
  /** Told about a Neon branch as soon as it exists, so a crashed run can still delete it. */
  onNeonBranch?: (branch: NeonDatabase) => void;
}

/**
 * `waiting`: called (perhaps more than once) once the start waits on another
 * process (a cluster copy, initdb, a download): from then on, work that holds
 * this thread (parsing the inputs) no longer delays it.
 */
export type DatabaseStarter = ((progress: Progress, waiting?: () => void) => Promise<Database>) & {
  /** Starting it costs nothing outside this machine, so it may begin before the inputs are known good. */
  local?: boolean;
};

/** At most one of URL, Neon and image; none means the embedded PostgreSQL 17. */
export function databaseStarter(choice: DatabaseChoice): DatabaseStarter {
  const chosen = [
    choice.databaseUrl && '--database-url',
    choice.neon?.projectId && '--neon-project-id',
    choice.image && '--image',
  ].filter(Boolean);
  if (chosen.length > 1) throw new ConfigError(`choose one database: ${chosen.join(', ')} were all given`);
  if (choice.commit && !choice.databaseUrl) throw new ConfigError('--commit goes with --database-url');
  if (choice.databaseUrl) {
    const url = choice.databaseUrl;
    return () => connectUrl(url, choice.commit ?? false);
  }
  if (choice.neon?.projectId) {
    const { projectId, apiKey, ...rest } = choice.neon;
    if (!apiKey) throw new ConfigError('a Neon project needs an API key: --neon-api-key or NEON_API_KEY');
    return async (progress) => {
      const branch = await startNeonBranch({ apiKey, projectId, ...rest }, progress);
      choice.onNeonBranch?.(branch);
      return branch;
    };
  }
  if (choice.image) {
    const image = choice.image;
    return (progress) => startContainer(image, progress);
  }
  const binaries = choice.binaries;
  return localStarter(async (progress, waiting) => {
    // A download is I/O: the parse may go beside it.
    if (binaries) waiting?.();
    return startEmbedded(progress, binaries ? await binaries() : undefined, waiting);
  });
}

export function localStarter(start: (progress: Progress, waiting?: () => void) => Promise<Database>): DatabaseStarter {
  return Object.assign(start, { local: true });
}

/** A database the gate built from nothing (as opposed to one that already has its history). */
export function isFresh(db: Database): boolean {
  return db.kind === 'embedded' || db.kind === 'container';
}
