import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZipEntry } from '../src/github/zip.js';
import { zipFiles } from './helpers/zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mg-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Archives made by Info-ZIP's zip, the format upload-artifact writes too. */
function infoZip(level: '-0' | '-9', files: Record<string, string>): Buffer {
  const work = mkdtempSync(path.join(dir, 'in-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(work, name), content);
  const archive = path.join(dir, `archive${level}.zip`);
  rmSync(archive, { force: true });
  execFileSync('zip', ['-q', level, archive, ...Object.keys(files)], { cwd: work });
  return readFileSync(archive);
}

describe('readZipEntry', () => {
  const files = { 'comment.json': '{"format":"x"}\n'.repeat(200), 'report.md': '# Migration\n' };

  it('reads a stored and a deflated entry of an archive zip made', () => {
    for (const level of ['-0', '-9'] as const) {
      const zip = infoZip(level, files);
      expect(readZipEntry(zip, 'comment.json')?.toString('utf8'), level).toBe(files['comment.json']);
      expect(readZipEntry(zip, 'report.md')?.toString('utf8'), level).toBe(files['report.md']);
      expect(readZipEntry(zip, 'missing.json'), level).toBeUndefined();
    }
  });

  it('writes, in the test helper, archives that unzip accepts', () => {
    const archive = path.join(dir, 'helper.zip');
    writeFileSync(archive, zipFiles(files));
    expect(execFileSync('unzip', ['-p', archive, 'report.md'], { encoding: 'utf8' })).toBe(files['report.md']);
  });

  it('refuses what is not a zip archive, and an entry that unpacks past its bound', () => {
    expect(() => readZipEntry(Buffer.from('not a zip at all, just some text here'), 'x')).toThrow('not a zip archive');
    const huge = zipFiles({ 'comment.json': Buffer.alloc(40 * 1024 * 1024) });
    expect(() => readZipEntry(huge, 'comment.json')).toThrow(/larger than/);
  });
});
