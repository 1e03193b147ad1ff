import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);

// src/launch/heap.ts
import v8 from "node:v8";
import vm from "node:vm";
var HEAP_FLAGS = "--semi-space-growth-factor=1 --heap-growing-percent=50";
var FLOOR_BYTES = 40 * 1024 * 1024;
var GROWTH = 1.2;
var collect;
var keptByLast = 0;
function worthCollecting(used, kept) {
  return used >= Math.max(FLOOR_BYTES, GROWTH * kept);
}
function collectBetweenSteps() {
  if (worthCollecting(v8.getHeapStatistics().used_heap_size, keptByLast)) collectNow();
}
function collectNow() {
  if (!collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc");
  }
  collect();
  keptByLast = v8.getHeapStatistics().used_heap_size;
}

export {
  HEAP_FLAGS,
  collectBetweenSteps
};
