// Runs the bundled gate (dist/, what users run) once and prints its peak
// resident memory in KB: the benchmark runs this in a child process of its
// own, so the number is the gate's alone.
import { main } from '../dist/cli.js';

const [dir, flags = '[]'] = process.argv.slice(2);
const quiet = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
const code = await main(['check', '--config', 'migration-gate.yml', '-q', ...JSON.parse(flags)], dir, quiet);
process.stdout.write(`${JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })}\n`);
