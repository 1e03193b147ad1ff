import { runsHere } from './launch/index.js';

// Loaded only once it is settled where the gate runs: a relaunching parent stays small.
if (await runsHere()) {
  const { run } = await import('./action/run.js');
  await run();
}
