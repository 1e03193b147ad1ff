// Loaded with `node --import` into the gate, and through it into the child
// process the gate may run in (the relaunch passes node's options on): each
// process appends its own peak resident set, in KB, to the file PEAK_RSS_FILE
// names when it exits. A process's maxRSS is its own, never its children's.
import { appendFileSync } from 'node:fs';

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const { maxRSS } = process.resourceUsage();
    const line = { pid: process.pid, ppid: process.ppid, execArgv: process.execArgv, maxRssKb: maxRSS };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
