/**
 * Synchronous last-chance cleanups for resources that must not outlive the
 * process (servers, temp directories), run on exit and on SIGINT/SIGTERM.
 */
const cleanups = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: one failing cleanup must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      // Re-raise so the exit status says which signal ended us.
      process.kill(process.pid, signal);
    });
  }
}

/** Registers a cleanup; the returned function unregisters it once done normally. */
export function registerCleanup(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
