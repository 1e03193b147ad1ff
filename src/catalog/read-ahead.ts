/**
 * The snapshot before the target, read in part while a large setup file or
 * a long history is still being applied. An autocommit file (a baseline dump, a fixture) goes
 * in messages of 500 statements, each committed: between them, a
 * reading connection reads the catalog as it stands (src/catalog/snapshot.ts
 * `readAhead`) beside the messages still to come, and the snapshot before
 * only reads what changed since (its fingerprint says what; it is always
 * read, so no commit the gate did not count can be missed).
 *
 * A history's earlier migrations are counted by the file, a message of
 * them at a time: sent one file to a message, as they once were, reading
 * beside them slowed each round trip more than it saved (1,000 migrations:
 * +390 ms applying, −70 ms reading); in messages of a hundred files, 4,000
 * migrations' snapshot before went 277 → 154 ms for 47 ms more applying. A
 * small setup has nothing to gain.
 */
import type pg from 'pg';
import type { CatalogSnapshot } from './model.js';
import { readAhead, takeFullSnapshot, takeSnapshot } from './snapshot.js';

/**
 * When a read starts, for a file of `total` statements: once `statements`
 * were committed since the last one began, while `remaining` are still to
 * come. A tenth and a fifth of the file, and no fewer than 500 each.
 *
 * At 5,000 tables (10,000 statements: a read every 1,000, while 2,000 are
 * to come) reading ahead took the snapshot before from 1.2–1.5 s to
 * 0.4–0.7 s for an apply no slower beyond the machine's noise. At 1,000
 * tables (2,000 statements) one read beside the last thousand gained nothing
 * measurable; reads from the 500th statement on, with 500 to come, took its
 * snapshot before 135–142 → 64–72 ms. Reading as late at 5,000 tables raised
 * the run's peak memory from 149–151 to 158–160 MB: each read's snapshot
 * is alive beside the one before it while the heap is at its largest, at
 * the end of the file (docs/performance.md, "2 December, evening").
 */
export function readAheadThresholds(total: number): { statements: number; remaining: number } {
  return { statements: Math.max(500, Math.ceil(total / 10)), remaining: Math.max(500, Math.ceil(total / 5)) };
}

export class ReadAhead {
  private pending = 0;
  private running: Promise<void> | undefined;
  /** Reads that succeeded: the client has a basis to read incrementally from. */
  private reads = 0;

  constructor(private readonly client: pg.Client) {}

  /**
   * `statements` of a file of `total` committed (or files of a history),
   * `remaining` of it to come: a read starts once enough have
   * (readAheadThresholds), unless one is running.
   */
  committed(statements: number, remaining: number, total: number): void {
    this.pending += statements;
    const enough = readAheadThresholds(total);
    if (this.running || this.pending < enough.statements || remaining < enough.remaining) return;
    this.pending = 0;
    this.running = readAhead(this.client)
      .then((snapshot) => {
        if (snapshot) this.reads += 1;
      })
      // Dropped: a lock it gave way to, a connection a migration ended. The snapshot before reads what it needs.
      .catch(() => undefined)
      .finally(() => (this.running = undefined));
  }

  /** The snapshot before the target: what changed since the last read ahead, or everything. */
  async snapshotBefore(): Promise<CatalogSnapshot> {
    await this.running;
    return this.reads > 0 ? takeSnapshot(this.client) : takeFullSnapshot(this.client);
  }

  /** How many reads ahead succeeded. */
  get succeeded(): number {
    return this.reads;
  }
}
