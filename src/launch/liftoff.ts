/**
 * The SQL parser is WebAssembly (libpg-query). V8 compiles it with Liftoff,
 * its baseline compiler, then recompiles the hot functions with its
 * optimising compiler in background threads: 250–500 MB for a few seconds
 * after the first parse, whatever the input, for parses that are no faster
 * for it on the gate's inputs (docs/performance.md). The gate keeps V8 on
 * Liftoff: with flags set before the parser is compiled where that is known
 * to work, otherwise in a child process started with the command-line flag.
 */
export const COMMAND_LINE_FLAG = '--liftoff-only';

/**
 * Set at run time, `--liftoff-only` alone is ignored from Node 24 on (V8
 * seems to derive the tiering flags from it only at start-up); these two, set before
 * the parser's WASM is compiled, kept the peak at the `--liftoff-only` level
 * on each of these Node majors. On any other the run-time route is untried.
 */
export const RUN_TIME_FLAGS = '--no-wasm-tier-up --no-wasm-dynamic-tiering';
const MEASURED_MAJORS = new Set([20, 22, 24, 26]);

/** `off`: V8's own tiering; `child`: always the child process; `auto` (unset): the cheapest that works. */
export const SETTING = 'MIGRATION_GATE_LIFTOFF';

export type Setup =
  /** Started with the flag: by a relaunching parent (an IPC channel to it), or by whoever ran node. */
  | { kind: 'started with the flag'; relaunched: boolean }
  | { kind: 'off' }
  | { kind: 'run-time flags' }
  | { kind: 'child process' };

export interface Runtime {
  env: NodeJS.ProcessEnv;
  execArgv: readonly string[];
  /** process.versions.node */
  version: string;
  /** Whether this process has an IPC channel to its parent. */
  hasChannel: boolean;
}

/** How this process gets its WASM onto Liftoff; `warning` names a setting it did not understand. */
export function chooseSetup(runtime: Runtime): { setup: Setup; warning?: string } {
  // First, so that a child never relaunches, whatever its environment says.
  if (runtime.execArgv.includes(COMMAND_LINE_FLAG)) {
    return { setup: { kind: 'started with the flag', relaunched: runtime.hasChannel } };
  }
  const setting = runtime.env[SETTING]?.trim().toLowerCase() ?? '';
  if (setting === 'off' || setting === '0') return { setup: { kind: 'off' } };
  if (setting === 'child') return { setup: { kind: 'child process' } };
  const automatic: Setup = MEASURED_MAJORS.has(Number(runtime.version.split('.')[0]))
    ? { kind: 'run-time flags' }
    : { kind: 'child process' };
  if (setting === '' || setting === 'auto') return { setup: automatic };
  return {
    setup: automatic,
    warning: `${SETTING}=${runtime.env[SETTING]} is not one of auto, child, off: using auto`,
  };
}
