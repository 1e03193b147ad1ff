/**
 * Runs the gate once on a repository and prints the process's peak resident
 * memory (KB): the benchmark runs it in a child process of its own, so the
 * number is the gate's alone.
 */
import { loadConfig } from '../src/config/load.js';
import { resolveOptions } from '../src/config/options.js';
import { runGate } from '../src/gate.js';
import { Progress } from '../src/progress.js';

const dir = process.argv[2]!;
const flags = JSON.parse(process.argv[3] ?? '{}') as Record<string, string[]>;
const options = resolveOptions(flags, loadConfig('migration-gate.yml', dir), dir);
const report = await runGate({ ...options, target: undefined, progress: new Progress() });
process.stdout.write(`${JSON.stringify({ verdict: report.verdict, maxRssKb: process.resourceUsage().maxRSS })}\n`);
