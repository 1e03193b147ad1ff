import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readInputs } from '../src/action/inputs.js';
import { buildProgram } from '../src/cli-program.js';
import { keyPaths } from '../src/config/keys.js';
import { configSchema } from '../src/config/schema.js';
import { recordingHost } from './helpers/action-host.js';
import { ROOT } from './helpers/cli.js';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

/** The backticked names in the first cell of each row of the Markdown table that follows `heading`. */
function firstColumn(markdown: string, header: RegExp): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => header.test(line));
  expect(start, `table ${header}`).toBeGreaterThanOrEqual(0);
  const rows = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

/** `expectations.<file>.tables.<table>` and `expectations.<name>.tables.<name>` are the same key. */
const placeholders = (key: string): string => key.replace(/<[^>]+>/g, '<name>');

function once(documented: string[], actual: string[]): void {
  const counts = new Map<string, number>();
  for (const key of documented) counts.set(key, (counts.get(key) ?? 0) + 1);
  expect(
    [...counts].filter(([, n]) => n > 1).map(([key]) => key),
    'documented twice',
  ).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...new Set(actual)].sort());
}

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}

/**
 * Every configuration key, CLI flag and action input and output is documented
 * once, against the definitions the code uses: the zod schema, the commander
 * program, action.yml (itself checked against what the action reads).
 */
describe('the documentation', () => {
  it('documents every key of migration-gate.yml once, and no other', () => {
    const documented = firstColumn(read('docs/configuration.md'), /^\| key /).map(placeholders);
    // Counts' bounds are described once, under the table.
    const keys = keyPaths(configSchema).filter((key) => !/\.(min|max)$/.test(key));
    once(documented, keys);
    expect(read('docs/configuration.md')).toContain('A count is a number (exact) or bounds');
  });

  it('documents every flag of check and init once, and no other', () => {
    const program = buildProgram(
      { stdout: () => undefined, stderr: () => undefined },
      {
        check: async () => undefined,
        init: async () => undefined,
      },
    );
    const cli = read('docs/cli.md');
    for (const name of ['check', 'init']) {
      const command = program.commands.find((c) => c.name() === name)!;
      const block = new RegExp(`\`\`\`\\nmigration-gate ${name} \\[options\\]\\n([\\s\\S]*?)\`\`\``).exec(cli)?.[1];
      expect(block, `usage block of ${name}`).toBeDefined();
      const documented = [...block!.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)]
        .map((m) => m[1]!)
        .filter((flag) => flag !== '--help');
      once(
        documented,
        command.options.map((option) => option.long!),
      );
    }
  });

  it('documents every input and output of action.yml once, and no other, with its default', () => {
    const action = YAML.parse(read('action.yml')) as ActionYaml;
    const docs = read('docs/action.md');
    once(firstColumn(docs, /^\| input /), Object.keys(action.inputs));
    once(firstColumn(docs, /^\| output /), Object.keys(action.outputs));
    const rows = docs.split('\n').filter((line) => /^\| `[\w-]+` +\|/.test(line));
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default === undefined) continue;
      const row = rows.find((line) => line.startsWith(`| \`${name}\` `))!;
      expect(row.split('|')[2], name).toContain(`\`${input.default}\``);
    }
  });

  it('action.yml declares exactly the inputs the action reads', () => {
    const action = YAML.parse(read('action.yml')) as ActionYaml;
    const asked = new Set<string>();
    const host = recordingHost({}, {});
    readInputs({ ...host, input: (name) => (asked.add(name), '') });
    expect([...asked].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('links only to files and headings that exist', () => {
    const files = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((name) => `docs/${name}`)];
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of read(file).matchAll(/\]\(((?!https?:)[^)\s]+)\)/g)) {
        const [relative, anchor] = target!.split('#');
        const linked = relative ? path.posix.join(path.posix.dirname(file), relative) : file;
        let text: string;
        try {
          text = read(linked);
        } catch {
          broken.push(`${file}: ${target}`);
          continue;
        }
        if (anchor && !headingSlugs(text).has(anchor)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const heading = !fence && /^#{1,6} (.+)$/.exec(line);
    if (heading) {
      slugs.add(
        heading[1]!
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
    }
  }
  for (const [, id] of markdown.matchAll(/<a id="([^"]+)"><\/a>/g)) slugs.add(id!);
  return slugs;
}
