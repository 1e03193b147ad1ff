/**
 * Earlier migrations, read and split when their turn comes rather than all
 * before the server is up; the first of them while it starts.
 */
import { statSync } from 'node:fs';
import { FILES_PER_MESSAGE } from './apply/earlier.js';
import type { SetupEntry, SetupFile, SqlFile } from './inputs.js';
import { nextTurn } from './migrations/light.js';

/**
 * The setup's files in order, loaded. An earlier migration is read and split
 * one turn of the event loop after the file before it was handed out: by
 * then its caller has sent that file, so the reading happens while the
 * server applies it (a history of 4,000 files took 0.2–0.3 s to read, all of
 * it before the first could be applied). A file that cannot be read is an
 * error when its turn comes.
 */
export async function* inTurn(entries: SetupEntry[]): AsyncGenerator<SetupFile> {
  const loading = (entry: SetupEntry | undefined): Promise<SetupFile> | undefined => {
    if (!entry || !('load' in entry)) return entry && Promise.resolve(entry);
    const loaded = nextTurn().then(async () => ({ role: entry.role, ...(await entry.load()) }));
    // Not awaited when the run stops before its turn (an earlier file that fails).
    loaded.catch(() => undefined);
    return loaded;
  };
  let next = loading(entries[0]);
  for (let i = 0; next; i++) {
    const current = await next;
    next = loading(entries[i + 1]);
    yield current;
  }
}

/**
 * The first earlier migrations are read and split at once, while the server
 * starts (src/gate.ts): read in turn, a 20 MB data file among them was split
 * only once the server was up and waiting for it. Up to a message's worth
 * of files (src/apply/earlier.ts) or 32 MB of them, so that a long history
 * is not all held at once. Each is handed out once; asked again (a second
 * run of the history), it is read again.
 */
export class ReadEarly {
  private files = 0;
  private bytes = 0;

  takes(file: string): boolean {
    if (this.files >= FILES_PER_MESSAGE || this.bytes >= READ_EARLY_BYTES) return false;
    this.files += 1;
    this.bytes += sizeOf(file);
    return true;
  }

  read(load: () => Promise<SqlFile>): () => Promise<SqlFile> {
    let early: Promise<SqlFile> | undefined = nextTurn().then(load);
    // A file that cannot be read is an error when its turn comes (inTurn), not before.
    early.catch(() => undefined);
    return () => {
      const read = early ?? load();
      early = undefined;
      return read;
    };
  }
}

const READ_EARLY_BYTES = 32 * 1024 * 1024;

/** 0 for a file that cannot be read: its error comes when it is read. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
