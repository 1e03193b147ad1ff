#!/usr/bin/env node
import { runsHere } from '../dist/launch/index.js';

// Loaded only once it is settled where the gate runs: a relaunching parent stays small.
if (await runsHere()) {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(process.argv.slice(2));
}
