/**
 * PostgreSQL's table lock modes, weakest first, and what each one does to the
 * application's traffic while a migration holds it (the conflict table of
 * the "Explicit Locking" chapter, read from the side of ordinary reads and
 * writes).
 */

export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** pg_locks spells them `AccessExclusiveLock`. */
export function lockModeOf(pgLocksMode: string): LockMode | undefined {
  const words = pgLocksMode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : undefined;
}

export function strength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongest(modes: Iterable<LockMode>): LockMode | undefined {
  let best: LockMode | undefined;
  for (const mode of modes) if (best === undefined || strength(mode) > strength(best)) best = mode;
  return best;
}

export function atLeast(mode: LockMode, floor: LockMode): boolean {
  return strength(mode) >= strength(floor);
}

/**
 * Blocks INSERT, UPDATE and DELETE (conflicts with ROW EXCLUSIVE): a request
 * for it that waits makes every writer queue behind it.
 */
export function blocksWrites(mode: LockMode): boolean {
  return atLeast(mode, 'SHARE');
}

/** What holding the lock does to the application's reads and writes. */
export function blockedTraffic(mode: LockMode): string {
  if (mode === 'ACCESS EXCLUSIVE') return 'blocks reads and writes';
  if (blocksWrites(mode)) return 'blocks writes';
  if (mode === 'SHARE UPDATE EXCLUSIVE') return 'blocks other schema changes and VACUUM (not reads or writes)';
  return 'does not block reads or writes';
}
