import { describe, expect, it } from 'vitest';
import { byNumericPrefix } from '../src/layouts/files.js';
import { plain } from '../src/layouts/plain.js';
import { splitSections } from '../src/layouts/sections.js';
import { selectTarget } from '../src/layouts/target.js';
import { makeRepo } from './helpers/repo.js';

describe('migration discovery (plain layout)', () => {
  it('orders by numeric prefix, not by text', () => {
    const names = ['10_c.sql', '2_b.sql', '0001_a.sql', 'zz_no_number.sql', '20240101120000_dbmate.sql'];
    expect([...names].sort(byNumericPrefix)).toEqual([
      '0001_a.sql',
      '2_b.sql',
      '10_c.sql',
      '20240101120000_dbmate.sql',
      'zz_no_number.sql',
    ]);
  });

  it('pairs NAME.down.sql (and NAME.up.sql) and never treats a down as a migration', () => {
    const repo = makeRepo({
      'm/0001_a.sql': 'SELECT 1;',
      'm/0001_a.down.sql': 'SELECT 1;',
      'm/0002_b.up.sql': 'SELECT 1;',
      'm/0002_b.down.sql': 'SELECT 1;',
      'm/0003_c.sql': 'SELECT 1;',
      'm/notes.txt': '',
    });
    const migrations = plain.discover(`${repo}/m`);
    expect(migrations.map((m) => [m.name, m.downPath?.split('/').pop()])).toEqual([
      ['0001_a.sql', '0001_a.down.sql'],
      ['0002_b.up.sql', '0002_b.down.sql'],
      ['0003_c.sql', undefined],
    ]);
    expect(selectTarget(migrations, undefined, 'm', repo).name).toBe('0003_c.sql');
    expect(selectTarget(migrations, '0002_b', 'm', repo).name).toBe('0002_b.up.sql');
    expect(selectTarget(migrations, 'm/0001_a.down.sql', 'm', repo).name).toBe('0001_a.sql');
  });

  it('splits sections keeping every line and column in place', () => {
    const text = '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n';
    const { up, down } = splitSections(text, /^--\s*migrate:(up|down)[^\n]*$/gm, (m) => m[1] as 'up' | 'down');
    expect(up!.split('\n')).toHaveLength(text.split('\n').length);
    expect(up!.split('\n')[1]).toBe('CREATE TABLE t (id int);');
    expect(up).not.toContain('DROP');
    expect(down?.split('\n')[4]).toBe('DROP TABLE t;');
    expect(down).not.toContain('CREATE');
  });
});
