import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { inTurn } from '../src/in-turn.js';
import type { SetupEntry } from '../src/inputs.js';
import type { ParsedSql } from '../src/migrations/model.js';

const parsed = (file: string): ParsedSql => ({ file, text: '', statements: [] }) as unknown as ParsedSql;
const PSQL = { execution: 'autocommit' as const };

/** Entries whose loads say when they ran; `failing` names one that cannot be read. */
function history(log: string[], failing?: string): SetupEntry[] {
  const earlier = (file: string): SetupEntry => ({
    role: 'earlier',
    load: () => {
      log.push(`read ${file}`);
      if (file === failing) return Promise.reject(new Error(`${file}: not valid UTF-8`));
      return Promise.resolve({ parsed: parsed(file), run: PSQL });
    },
  });
  return [{ role: 'baseline', parsed: parsed('base.sql'), run: PSQL }, earlier('0001.sql'), earlier('0002.sql')];
}

describe('the setup in turn', () => {
  it('reads each earlier migration while the file before it is being applied, in order', async () => {
    const log: string[] = [];
    for await (const file of inTurn(history(log))) {
      log.push(`apply ${file.parsed.file}`);
      // The server's reply takes a while: the next file is read meanwhile.
      await sleep(5);
      log.push(`applied ${file.parsed.file}`);
    }
    expect(log).toEqual([
      'apply base.sql',
      'read 0001.sql',
      'applied base.sql',
      'apply 0001.sql',
      'read 0002.sql',
      'applied 0001.sql',
      'apply 0002.sql',
      'applied 0002.sql',
    ]);
  });

  it('a file that cannot be read fails when its turn comes, not before the files ahead of it', async () => {
    const log: string[] = [];
    const applied: string[] = [];
    await expect(async () => {
      for await (const file of inTurn(history(log, '0002.sql'))) applied.push(file.parsed.file);
    }).rejects.toThrow('0002.sql: not valid UTF-8');
    expect(applied).toEqual(['base.sql', '0001.sql']);
  });

  it('a run that stops first leaves the failed read unreported', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const log: string[] = [];
      for await (const file of inTurn(history(log, '0002.sql'))) {
        // An earlier migration that fails ends the setup: 0002.sql was being read meanwhile.
        if (file.parsed.file === '0001.sql') {
          await sleep(5);
          break;
        }
      }
      expect(log).toEqual(['read 0001.sql', 'read 0002.sql']);
      await sleep(20);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
