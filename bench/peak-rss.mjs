// Loaded with `node --import` into the gate, and through it into the child
// process the gate may run in (the relaunch passes node's options on): each
// process appends its own peak resident set, in KB, to the file PEAK_RSS_FILE
// names when it exits. A process's maxRSS is its own, never its children's.
// newSpaceKb: the size V8's young generation had grown to (src/launch/heap.ts).
import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const { maxRSS } = process.resourceUsage();
    const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    const newSpaceKb = Math.round((newSpace?.space_size ?? 0) / 1024);
    const line = { pid: process.pid, ppid: process.ppid, execArgv: process.execArgv, maxRssKb: maxRSS, newSpaceKb };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
