import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * V8's young generation starts small and doubles each time it fills while the
 * program allocates fast, up to 16 MB per semi-space (two of them, plus the
 * pages promoted from them): the gate allocates fast while it decodes
 * snapshots and row facts, and that growth was most of its peak over the
 * fixed ~110 MB on large inputs (4,000 migrations 203 → 160 MB, 5,000
 * tables 300 → 205 MB), for no time measured (docs/performance.md). Unlike
 * --max-semi-space-size, which V8 reads only at start-up, the growth factor
 * is read whenever the young generation would grow, so it holds when set at
 * run time: 1 keeps it at its initial size.
 *
 * The old generation is collected once it has grown by half over what the
 * last collection kept (V8's own factor is larger, and grows with the heap).
 * V8 reads this factor whenever it sets its next limit, so it too holds when
 * set at run time. What a large file's statements leave behind while they are
 * made and sent piled up within one step, where collectBetweenSteps cannot
 * reach it: a 20 MB file of 200,000 INSERTs peaked at 249 MB as an earlier
 * migration and 230 MB as test data, now 203–220 and 198 (goal: 211), with
 * no time measured on the bench's scenarios.
 */
export const HEAP_FLAGS = '--semi-space-growth-factor=1 --heap-growing-percent=50';

/** Below this much heap a step's garbage is left to V8: the seed example never gets here. */
const FLOOR_BYTES = 40 * 1024 * 1024;
/** A collection is asked for once the heap has grown by a fifth over what the last one kept. */
const GROWTH = 1.2;

let collect: (() => void) | undefined;
let keptByLast = 0;

/** Whether the heap has grown enough since the last collection for another to be worth its time. */
export function worthCollecting(used: number, kept: number): boolean {
  return used >= Math.max(FLOOR_BYTES, GROWTH * kept);
}

/**
 * Called between the pipeline's steps, where what a step allocated and did
 * not keep is all garbage. V8 collects the old generation only once it
 * reaches a limit it raises as the heap grows, so on a large schema the
 * garbage of the snapshots and row reads piled up into most of the peak
 * (5,000 tables: 174 → 149 MB, four collections of 75–110 ms in a 20 s run;
 * docs/performance.md).
 * The collector is reached as jest's leak detector reaches it: --expose-gc
 * set at run time, `gc` taken from a new context.
 */
export function collectBetweenSteps(): void {
  if (worthCollecting(v8.getHeapStatistics().used_heap_size, keptByLast)) collectNow();
}

/**
 * Collects everything that is garbage now. The bench calls it before each
 * timed run: runs in one process otherwise inherit each other's garbage, and
 * every other seed run paid a collection of 30–50 ms for the run before it,
 * which a user's one run per process never does.
 */
export function collectNow(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
  keptByLast = v8.getHeapStatistics().used_heap_size;
}
