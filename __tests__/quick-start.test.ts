import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT, runCli } from './helpers/cli.js';
import { exampleRepo } from './helpers/example-repos.js';
import { copyRepo } from './helpers/repo.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const quickStart = README.slice(README.indexOf('## On your repository'), README.indexOf('## Documentation'));
/** The fenced blocks of the quick start, in order. */
const blocks = [...quickStart.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** Table rows with their cells trimmed, whatever the column widths. */
const normalise = (text: string): string =>
  text
    .split('\n')
    .map((line) =>
      line
        .replace(/^> ?/, '')
        .replace(/ *\| */g, '|')
        .trim(),
    )
    .join('\n');

/**
 * The README's quick start, followed to the letter on a fresh repository: its
 * commands are the ones run, and what it shows is what they print.
 */
describe('the README quick start', () => {
  it('works verbatim on a fresh repository', async () => {
    const repo = copyRepo(exampleRepo('plain').root);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const commands = blocks[0]!.split('\n').filter((line) => line.trim() !== '');
    const outputs: string[] = [];
    for (const command of commands) {
      const words = command.replace(/#.*$/, '').trim().split(/\s+/);
      if (words[0] === 'npx') {
        expect(words[1]).toBe('migration-gate');
        const run = await runCli(words.slice(2), repo);
        expect(run.code, command).toBeLessThanOrEqual(1);
        outputs.push(run.stdout);
      } else {
        expect(words.slice(0, 2)).toEqual(['git', 'add']);
        for (const file of words.slice(2)) expect(existsSync(path.join(repo, file)), file).toBe(true);
      }
    }
    // What the README says init prints, it prints.
    for (const line of blocks[1]!.trim().split('\n')) expect(outputs[0]).toContain(line);
    expect(outputs[1]).toMatch(/^Migration 006_audit_log_created_at\.sql — (APPROVED|BLOCKED)/);
  });

  it('shows a BLOCKED comment as the gate writes it', async () => {
    const run = await runCli(['check', '--format', 'markdown', '--quiet'], EXAMPLE);
    expect(run.code).toBe(1);
    const actual = normalise(run.stdout);
    const excerpt = quickStart.slice(quickStart.indexOf('> ## Quick Status'));
    const shown = excerpt
      .split('\n')
      .filter((line) => line.startsWith('> ') && !/^> (## Quick Status|\*\*Required Actions\*\*)$/.test(line))
      .filter((line) => !/^> \|[ -]+\|/.test(line) || /\w/.test(line));
    expect(shown.length).toBeGreaterThan(8);
    for (const line of shown) expect(actual, line).toContain(normalise(line));
  });
});
