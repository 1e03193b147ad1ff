import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLE = path.join(ROOT, 'examples/sync-0024');

/** The seed's remediation, relative to the example: its prerequisites and test data. */
export const SEED_REMEDIATION = [
  '--prerequisite',
  'database/prerequisites/001_organization.sql',
  '--prerequisite',
  'database/prerequisites/002_auth.sql',
  '--fixture',
  'database/fixtures/001_test_data.sql',
];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a user would from `cwd`, capturing its output. */
export async function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, cwd, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: false,
  });
  return { code, stdout, stderr };
}
