import v8 from 'node:v8';
import { HEAP_FLAGS } from './heap.js';
import { chooseSetup, COMMAND_LINE_FLAG, RUN_TIME_FLAGS } from './liftoff.js';
import { endAs, followParent, runInChild } from './relaunch.js';

/**
 * Called first by each entry that parses SQL (the CLI, the action), before the
 * parser is loaded. Whatever the setup, the young generation stays at its
 * initial size and the old one is collected sooner (src/launch/heap.ts). True: run the gate in this process. False: a child
 * process ran it, and this process ends as the child did.
 */
export async function runsHere(): Promise<boolean> {
  const { setup, warning } = chooseSetup({
    env: process.env,
    execArgv: process.execArgv,
    version: process.versions.node,
    hasChannel: process.channel !== undefined,
  });
  if (warning) process.stderr.write(`migration-gate: ${warning}\n`);
  v8.setFlagsFromString(HEAP_FLAGS);
  switch (setup.kind) {
    case 'started with the flag':
      if (setup.relaunched) followParent();
      return true;
    case 'off':
      return true;
    case 'run-time flags':
      v8.setFlagsFromString(RUN_TIME_FLAGS);
      return true;
    case 'child process': {
      const outcome = await runInChild([COMMAND_LINE_FLAG]);
      if ('failed' in outcome) {
        process.stderr.write(
          `migration-gate: could not run the gate in a child process (node ${COMMAND_LINE_FLAG}): ${outcome.failed}; running it here\n`,
        );
        return true;
      }
      endAs(outcome);
      return false;
    }
  }
}
