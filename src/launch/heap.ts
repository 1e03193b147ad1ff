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
 */
export const YOUNG_GENERATION_FLAGS = '--semi-space-growth-factor=1';
