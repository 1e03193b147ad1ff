import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { inTurn } from '../src/in-turn.js';
import { loadInputs, type GateInputs } from '../src/inputs.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function repository(files: Record<string, string | Buffer>): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mg-read-early-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const load = (root: string): Promise<GateInputs> =>
  loadInputs({ cwd: root, dir: path.join(root, 'migrations'), prerequisites: [], fixtures: [] });

async function texts(inputs: GateInputs): Promise<string[]> {
  const seen: string[] = [];
  for await (const file of inTurn(inputs.setup)) seen.push(file.parsed.statements.map((s) => s.sql).join('; '));
  return seen;
}

describe('earlier migrations read while the server starts', () => {
  it('reads the first ones at once, as they were then, and reads them again when the history is applied again', async () => {
    const root = repository({
      'migrations/0001_event.sql': 'CREATE TABLE event (id int);\n',
      'migrations/0002_rows.sql': 'INSERT INTO event VALUES (1);\nINSERT INTO event VALUES (2);\n',
      'migrations/0003_note.sql': 'ALTER TABLE event ADD COLUMN note text;\n',
    });
    const inputs = await load(root);
    // While the server starts: a few turns of the event loop, and the files are read.
    for (let i = 0; i < 5; i++) await turn();
    writeFileSync(path.join(root, 'migrations/0002_rows.sql'), 'INSERT INTO event VALUES (3);\n');
    expect(await texts(inputs)).toEqual([
      'CREATE TABLE event (id int)',
      'INSERT INTO event VALUES (1); INSERT INTO event VALUES (2)',
    ]);
    expect(await texts(inputs)).toEqual(['CREATE TABLE event (id int)', 'INSERT INTO event VALUES (3)']);
  });

  it('a file read ahead that cannot be read fails when its turn comes, after the files before it', async () => {
    const root = repository({
      'migrations/0001_event.sql': 'CREATE TABLE event (id int);\n',
      'migrations/0002_rows.sql': Buffer.from([0x49, 0x4e, 0xff, 0x3b, 0x0a]),
      'migrations/0003_note.sql': 'ALTER TABLE event ADD COLUMN note text;\n',
    });
    const inputs = await load(root);
    for (let i = 0; i < 5; i++) await turn();
    const applied: string[] = [];
    await expect(async () => {
      for await (const file of inTurn(inputs.setup)) applied.push(file.parsed.file);
    }).rejects.toThrow(/0002_rows\.sql:1: not valid UTF-8/);
    expect(applied).toEqual(['migrations/0001_event.sql']);
  });
});
